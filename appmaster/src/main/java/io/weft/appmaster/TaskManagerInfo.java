package io.weft.appmaster;

import io.weft.core.rpc.RpcConnection;
import org.apache.hadoop.yarn.api.records.Container;

/** One of the job's TaskManagers, as the JobManager knows it; touched on the JobManager's event thread only. */
final class TaskManagerInfo {
  String id;
  /** Its position in the placement; -1 for a previous attempt's TaskManager until it registers. */
  int index;
  final Container container;
  /** Launched by an earlier ApplicationMaster attempt (kept by YARN), expected to register again. */
  boolean previous;
  RpcConnection connection;
  /** The data-plane server's host and port, as the TaskManager announced them. */
  String dataHost;
  int dataPort;
  boolean completed;

  TaskManagerInfo(String id, int index, Container container) {
    this.id = id;
    this.index = index;
    this.container = container;
  }
}
