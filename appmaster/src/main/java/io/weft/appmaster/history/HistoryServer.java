package io.weft.appmaster.history;

import io.weft.appmaster.web.WebServer;
import io.weft.core.config.Configuration;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves ended jobs from their archives (historyserver.archive.fs.dir) on historyserver.web.port:
 * the list at {@code /} and {@code api/v1/jobs}, each job's web UI and REST documents below
 * {@code /jobs/<jobId>/}, read-only. It reads the archive directory on every request, so a job is
 * there as soon as its ApplicationMaster archived it.
 */
public final class HistoryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryServer.class);

  private final JobArchive archive;
  private final WebServer web;

  private HistoryServer(JobArchive archive, WebServer web) {
    this.archive = archive;
    this.web = web;
  }

  public static HistoryServer start(Configuration conf, org.apache.hadoop.conf.Configuration hadoopConf)
      throws IOException {
    JobArchive archive = JobArchive.at(conf.get(HistoryOptions.HISTORY_ARCHIVE_DIR), hadoopConf);
    int port = conf.get(HistoryOptions.HISTORY_PORT);
    WebServer web;
    try {
      web = WebServer.serveArchive(port, archive);
    } catch (IOException e) {
      throw new IOException("The history server cannot listen on port " + port + " (" + HistoryOptions.HISTORY_PORT.key()
          + "; is another one running?): " + e.getMessage(), e);
    }
    LOG.info("History server serving the job archives in {} on port {}", archive.directory(), web.port());
    return new HistoryServer(archive, web);
  }

  public int port() {
    return web.port();
  }

  public JobArchive archive() {
    return archive;
  }

  @Override
  public void close() {
    web.close();
    LOG.info("History server on port {} stopped", web.port());
  }
}
