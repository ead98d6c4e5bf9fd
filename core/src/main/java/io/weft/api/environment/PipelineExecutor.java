package io.weft.api.environment;

import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;

/**
 * Runs a job graph somewhere. Implementations are found with {@link java.util.ServiceLoader} by
 * their {@link #name()}, matched against {@code execution.target}; the TaskManager module provides
 * "local", the launcher "yarn-cluster".
 */
public interface PipelineExecutor {
  String name();

  JobClient execute(JobGraph jobGraph, Configuration configuration) throws Exception;
}
