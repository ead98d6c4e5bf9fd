/**
 * The ApplicationMaster and the JobManager it hosts (issue #4, first path).
 *
 * <pre>
 * weft run -m yarn-cluster (launcher: YarnSubmitter)
 *   plan capture of main() ─▶ staging dir &lt;home&gt;/.weft/&lt;appId&gt;/ + shared jars &lt;home&gt;/.weft/lib/&lt;sha256&gt;/
 *   submit AM container (-yjm MB, 1 vcore, WEFT_APP_SECRET, WEFT_STAGING_DIR)
 *            │
 *            ▼
 * ApplicationMasterMain: plan capture again, fingerprint check, Placement (slot sharing)
 *   RpcServer (ephemeral port, secret) + web.WebServer (tracking URL: web UI, REST API) + AMRM registration
 *   JobManager: ceil(maxTaskParallelism / slots) containers ─▶ NMClientAsync launches TaskManagerMain
 *            │ RegisterTaskManager / DeployTask / TaskStateChanged / CancelTask / Shutdown
 *            ▼
 * TaskManagerMain + TaskExecutor (container-worker): plan capture, fingerprint check, TaskWiring
 * </pre>
 *
 * Limitation of this step: subtasks exchange data only through in-JVM channels, so every channel
 * must stay within one TaskManager; {@link io.weft.appmaster.Placement} refuses other plans with a
 * diagnostic that names the edge. Final status: SUCCEEDED when every subtask FINISHED; FAILED on a
 * task failure, an unexpected container exit, a silent TaskManager or a plan that cannot be built
 * or placed. The ApplicationMaster deletes the staging directory when the job ends; after a kill,
 * {@code weft cancel} does.
 */
package io.weft.appmaster;
