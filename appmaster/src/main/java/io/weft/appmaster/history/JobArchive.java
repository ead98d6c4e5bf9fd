package io.weft.appmaster.history;

import io.weft.appmaster.autoscale.Autoscaler;
import io.weft.appmaster.web.ArchivedJobs;
import io.weft.appmaster.web.JobDocuments;
import io.weft.appmaster.web.JobView;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Ended jobs' archives in a directory of a Hadoop file system (jobmanager.archive.fs.dir): one file
 * per job, {@code <dir>/<jobId>}, holding the job's final REST documents (overview, jobs, vertices,
 * checkpoints, taskmanagers, exceptions, config, scaling) and {@code job}, its entry in the history server's
 * list. One file, because closing an HDFS file waits for the DataNode, and the ApplicationMaster
 * writes the archive before it lets YARN know the job ended. The format: the line
 * {@value #HEADER}, then per document a line {@code <name> <bytes>} and that many bytes of JSON
 * (UTF-8) followed by a newline. It is written under a hidden name and renamed into place, so a
 * reader never sees half of one; a later ApplicationMaster attempt of the same job replaces it.
 */
public final class JobArchive implements ArchivedJobs {
  static final String HEADER = "weft-job-archive 1";
  private static final Pattern JOB_ID = Pattern.compile("job_[0-9]+_[0-9]+");
  private static final Pattern NAME = Pattern.compile("[a-z]+");
  /** An archive is a few documents of a finished job; anything larger is not one. */
  private static final long MAX_BYTES = 64L << 20;

  private final FileSystem fs;
  private final Path dir;

  public JobArchive(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = fs.makeQualified(dir);
  }

  /** The archive directory {@code dir} (a path on the default file system, or a URI). */
  public static JobArchive at(String dir, org.apache.hadoop.conf.Configuration hadoopConf) throws IOException {
    Path path = new Path(dir);
    return new JobArchive(path.getFileSystem(hadoopConf), path);
  }

  public Path directory() {
    return dir;
  }

  /** Archives the job's final view and the autoscaler's last status (null: it was off); returns the archive's file. */
  public Path write(JobView view, Autoscaler.Status scaling) throws IOException {
    if (!JOB_ID.matcher(view.jobId()).matches()) {
      throw new IOException("not a job id: '" + view.jobId() + "'");
    }
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> document : JobDocuments.of(view, scaling).entrySet()) {
      byte[] json = document.getValue().getBytes(StandardCharsets.UTF_8);
      content.writeBytes((document.getKey() + " " + json.length + "\n").getBytes(StandardCharsets.UTF_8));
      content.writeBytes(json);
      content.write('\n');
    }
    Path target = new Path(dir, view.jobId());
    Path temp = new Path(dir, "." + view.jobId() + ".inprogress");
    fs.mkdirs(dir);
    try (FSDataOutputStream out = fs.create(temp, true)) {
      content.writeTo(out);
    }
    fs.delete(target, false);
    if (!fs.rename(temp, target)) {
      throw new IOException("cannot rename " + temp + " to " + target);
    }
    return target;
  }

  @Override
  public List<String> jobIds() throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<FileStatus> jobs = new ArrayList<>();
    for (FileStatus entry : entries) {
      if (entry.isFile() && JOB_ID.matcher(entry.getPath().getName()).matches()) {
        jobs.add(entry);
      }
    }
    jobs.sort(Comparator.comparingLong(FileStatus::getModificationTime).reversed());
    return jobs.stream().map(s -> s.getPath().getName()).toList();
  }

  @Override
  public String document(String jobId, String name) throws IOException {
    Map<String, String> documents = read(jobId);
    return documents == null ? null : documents.get(name);
  }

  /** A job's documents by name; null when there is no archive of it. */
  Map<String, String> read(String jobId) throws IOException {
    // The id comes from a request's path: only a job id may become a file's name.
    if (!JOB_ID.matcher(jobId).matches()) {
      return null;
    }
    Path file = new Path(dir, jobId);
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      if (fs.getFileStatus(file).getLen() > MAX_BYTES) {
        throw new IOException(file + " is larger than " + MAX_BYTES + " bytes: not a job archive");
      }
      bytes = in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    }
    return parse(bytes, file);
  }

  static Map<String, String> parse(byte[] bytes, Path file) throws IOException {
    Map<String, String> documents = new LinkedHashMap<>();
    int at = line(bytes, 0, file);
    if (!new String(bytes, 0, at - 1, StandardCharsets.UTF_8).equals(HEADER)) {
      throw new IOException(file + " is not a Weft job archive (no '" + HEADER + "' line)");
    }
    while (at < bytes.length) {
      int end = line(bytes, at, file);
      String[] head = new String(bytes, at, end - 1 - at, StandardCharsets.UTF_8).split(" ");
      int length;
      try {
        length = head.length == 2 && NAME.matcher(head[0]).matches() ? Integer.parseInt(head[1]) : -1;
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0 || end + length + 1 > bytes.length || bytes[end + length] != '\n') {
        throw new IOException(file + " is a damaged job archive (at byte " + at + ")");
      }
      documents.put(head[0], new String(bytes, end, length, StandardCharsets.UTF_8));
      at = end + length + 1;
    }
    return documents;
  }

  /** The offset after the newline that ends the line starting at {@code from}. */
  private static int line(byte[] bytes, int from, Path file) throws IOException {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    throw new IOException(file + " is a damaged job archive (a line without its end at byte " + from + ")");
  }
}
