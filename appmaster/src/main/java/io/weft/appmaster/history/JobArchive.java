package io.weft.appmaster.history;

import io.weft.appmaster.web.ArchivedJobs;
import io.weft.appmaster.web.JobDocuments;
import io.weft.appmaster.web.JobView;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Ended jobs' archives in a directory of a Hadoop file system (jobmanager.archive.fs.dir): one
 * directory per job, {@code <dir>/<jobId>/}, holding the job's final REST documents as
 * {@code <name>.json} (overview, jobs, vertices, checkpoints, taskmanagers, exceptions, config) and
 * {@code job.json}, its entry in the history server's list. An archive is written under a hidden
 * name and renamed into place, so a reader never sees half of one; a later ApplicationMaster attempt
 * of the same job replaces it.
 */
public final class JobArchive implements ArchivedJobs {
  private static final Pattern JOB_ID = Pattern.compile("job_[0-9]+_[0-9]+");
  private static final Pattern NAME = Pattern.compile("[a-z]+");

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

  /** Archives the job's final view; returns the archive's directory. */
  public Path write(JobView view) throws IOException {
    if (!JOB_ID.matcher(view.jobId()).matches()) {
      throw new IOException("not a job id: '" + view.jobId() + "'");
    }
    Path target = new Path(dir, view.jobId());
    Path temp = new Path(dir, "." + view.jobId() + ".inprogress");
    fs.delete(temp, true);
    if (!fs.mkdirs(temp)) {
      throw new IOException("cannot create " + temp);
    }
    for (Map.Entry<String, String> document : JobDocuments.of(view).entrySet()) {
      try (FSDataOutputStream out = fs.create(new Path(temp, document.getKey() + ".json"), false)) {
        out.write(document.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    fs.delete(target, true);
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
      if (entry.isDirectory() && JOB_ID.matcher(entry.getPath().getName()).matches()) {
        jobs.add(entry);
      }
    }
    jobs.sort(Comparator.comparingLong(FileStatus::getModificationTime).reversed());
    return jobs.stream().map(s -> s.getPath().getName()).toList();
  }

  @Override
  public String document(String jobId, String name) throws IOException {
    // Both parts come from request paths: only a job id and a plain name may become a file's path.
    if (!JOB_ID.matcher(jobId).matches() || !NAME.matcher(name).matches()) {
      return null;
    }
    try (InputStream in = fs.open(new Path(new Path(dir, jobId), name + ".json"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return null;
    }
  }
}
