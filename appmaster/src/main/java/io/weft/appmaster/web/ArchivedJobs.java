package io.weft.appmaster.web;

import java.io.IOException;
import java.util.List;

/** Where the history server finds ended jobs' documents (see {@link JobDocuments}). */
public interface ArchivedJobs {
  /** The ids of the archived jobs, newest first. */
  List<String> jobIds() throws IOException;

  /** The document {@code name} (overview, vertices, ..., or {@link JobDocuments#SUMMARY}) of a job; null if none. */
  String document(String jobId, String name) throws IOException;
}
