package io.weft.api.functions;

import java.io.Serializable;

/**
 * The base of every user function. Functions are serializable so that each parallel subtask gets
 * its own copy of the object the user's main() built (copied inside the JVM; never sent over the
 * network).
 */
public interface Function extends Serializable {}
