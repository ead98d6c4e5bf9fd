package io.weft.core.rpc;

/**
 * A control message between the JobManager and a TaskManager (or a client of the JobManager). The set is closed: each type has an
 * explicit binary codec in {@link RpcCodec}, and nothing is ever read with Java serialization.
 */
public sealed interface RpcMessage
    permits RegisterTaskManager, RegistrationAccepted, RegistrationRejected, Heartbeat, DeployTask,
        CancelTask, TaskStateChanged, Shutdown, Ack, ErrorReply, TriggerCheckpoint, AcknowledgeCheckpoint,
        CheckpointComplete, TriggerSavepoint, SavepointCompleted, UpdateDelegationTokens, TriggerRescale,
        RescaleCompleted, TaskInputEnded {
}
