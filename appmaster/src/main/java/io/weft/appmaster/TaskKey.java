package io.weft.appmaster;

/** A subtask of the job: its vertex's id and its index among that vertex's subtasks. */
record TaskKey(int vertexId, int subtask) {}
