/**
 * The ApplicationMaster and the JobManager it hosts.
 *
 * <pre>
 * weft run -m yarn-cluster (launcher: YarnSubmitter)
 *   main() once, plan + functions ─▶ staging dir &lt;home&gt;/.weft/&lt;appId&gt;/ (job.jar, job.plan, ...)
 *                                    + shared jars &lt;home&gt;/.weft/lib/&lt;sha256&gt;/
 *   submit AM container (-yjm MB, 1 vcore, the secret in its tokens, WEFT_STAGING_DIR)
 *            │
 *            ▼
 * ApplicationMasterMain: reads job.plan (MAC checked), fingerprint check, Placement (slot sharing)
 *   RpcServer (ephemeral port, secret) + web.WebServer (tracking URL: web UI, REST API) + AMRM registration
 *   JobManager, on one event thread (EventLoop):
 *     TaskManagerRegistry   registration, heartbeats, loss, replacement, kept containers
 *     JobStateMachine       deployment, task states, restarts, the job's end
 *     TaskManagerContainers ceil(maxTaskParallelism / slots) containers; NMClientAsync launches
 *                           TaskManagerMain; reports back through ContainerEvents only
 *     JobViewBuilder        the snapshot the web UI, REST API and /metrics show
 *            │ RegisterTaskManager / DeployTask / TaskStateChanged / CancelTask / Shutdown
 *            ▼
 * TaskManagerMain + TaskExecutor (container-worker): reads job.plan, fingerprint check, TaskWiring
 *   (in-JVM channels within a TaskManager, the netty data plane between TaskManagers)
 * </pre>
 *
 * Final status: SUCCEEDED when every subtask FINISHED; FAILED when the job fails for good (restart
 * strategy exhausted, a failure no restart can cure), on a plan that cannot be read or placed, or
 * when every attempt is used up; KILLED when canceled through the REST API.
 * The ApplicationMaster deletes the staging directory when the job ends; after a kill, the last
 * attempt's shutdown hook, {@code weft cancel} or the launcher's sweep does.
 */
package io.weft.appmaster;
