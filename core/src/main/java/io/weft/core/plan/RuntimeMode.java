package io.weft.core.plan;

/**
 * How a job runs. STREAMING emits results continuously (a keyed reduce emits every update);
 * BATCH needs bounded sources and emits only final results (a keyed reduce emits one value per
 * key at the end). AUTOMATIC picks BATCH when every source is bounded.
 */
public enum RuntimeMode {
  STREAMING,
  BATCH,
  AUTOMATIC
}
