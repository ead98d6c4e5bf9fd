package io.weft.appmaster.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the history server answers: the list of archived jobs ({@code /}, {@code api/v1/jobs}) and,
 * below {@code /jobs/<jobId>/}, each job's web UI and REST documents as the JobManager answered
 * them when the job ended. Read-only: actions get 405.
 */
final class ArchiveRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveRoutes.class);
  private static final Pattern JOB = Pattern.compile("/jobs/(job_[0-9]+_[0-9]+)(/.*)?");

  private final ArchivedJobs archive;

  ArchiveRoutes(ArchivedJobs archive) {
    this.archive = archive;
  }

  CompletableFuture<WebRoutes.Response> answer(String method, String uri, String remote) {
    String path = WebRoutes.normalize(WebRoutes.rawPath(uri));
    if (!method.equals("GET")) {
      return done(WebRoutes.Response.error(405, "the history server is read-only: " + path + " takes GET, not "
          + method + " (the job has ended)"));
    }
    try {
      if (path.equals("/") || path.equals("/index.html")) {
        return done(new WebRoutes.Response(200, "text/html", listPage()));
      }
      if (path.equals("/api/v1/jobs")) {
        return done(WebRoutes.Response.json(200, "{\"jobs\":[" + String.join(",", summaries()) + "]}"));
      }
      Matcher job = JOB.matcher(path);
      if (job.matches()) {
        return done(jobPath(job.group(1), job.group(2) == null ? "/" : job.group(2)));
      }
      if (path.equals("/weft.css")) {
        return done(new WebRoutes.Response(200, "text/css", WebRoutes.resource("weft.css")));
      }
      return done(WebRoutes.Response.error(404, "nothing at " + path + "; archived jobs are under jobs/<jobId>/, their"
          + " list at api/v1/jobs"));
    } catch (IOException | RuntimeException e) {
      LOG.warn("The history server could not answer {} {} from {}: {}", method, path, remote, e.toString());
      return done(WebRoutes.Response.error(500, "cannot read the archive: " + e));
    }
  }

  private WebRoutes.Response jobPath(String jobId, String rest) throws IOException {
    if (archive.document(jobId, JobDocuments.SUMMARY) == null) {
      return WebRoutes.Response.error(404, "no archived job " + jobId + "; see api/v1/jobs for those there are");
    }
    if (rest.equals("/") || rest.equals("/index.html")) {
      // The job's page as the JobManager served it; it stops refreshing since the job's state is final.
      return new WebRoutes.Response(200, "text/html", WebRoutes.resource("index.html").replace("{{refreshMillis}}", "3000"));
    }
    if (rest.equals("/weft.css") || rest.equals("/weft.js")) {
      return new WebRoutes.Response(200, rest.endsWith(".css") ? "text/css" : "text/javascript",
          WebRoutes.resource(rest.substring(1)));
    }
    if (rest.startsWith("/api/v1/")) {
      String name = rest.substring("/api/v1/".length());
      if (name.equals("jobs/" + jobId + "/" + JobDocuments.SCALING)) {
        name = JobDocuments.SCALING; // the JobManager answers both paths
      }
      String document = name.contains("/") || name.equals(JobDocuments.SUMMARY) ? null : archive.document(jobId, name);
      if (document != null) {
        return WebRoutes.Response.json(200, document);
      }
    }
    if (rest.equals("/metrics")) {
      return WebRoutes.Response.error(404, "job " + jobId + " has ended: its metrics are no longer scraped");
    }
    return WebRoutes.Response.error(404, "job " + jobId + " has no archived " + rest.substring(1)
        + "; the archive keeps api/v1/overview, jobs, vertices, checkpoints, taskmanagers, exceptions, config and"
        + " scaling");
  }

  private List<String> summaries() throws IOException {
    List<String> summaries = new ArrayList<>();
    for (String id : archive.jobIds()) {
      String summary = archive.document(id, JobDocuments.SUMMARY);
      if (summary != null) {
        summaries.add(summary);
      }
    }
    return summaries;
  }

  private String listPage() throws IOException {
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Weft history"
        + "</title><link rel=\"stylesheet\" href=\"weft.css\"></head><body><h1>Ended Weft jobs</h1>");
    List<String> ids = archive.jobIds();
    if (ids.isEmpty()) {
      b.append("<p>No job has been archived yet.</p>");
    } else {
      b.append("<ul>");
      for (String id : ids) {
        b.append("<li><a href=\"jobs/").append(escape(id)).append("/\">").append(escape(id)).append("</a></li>");
      }
      b.append("</ul>");
    }
    return b.append("</body></html>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static CompletableFuture<WebRoutes.Response> done(WebRoutes.Response r) {
    return CompletableFuture.completedFuture(r);
  }
}
