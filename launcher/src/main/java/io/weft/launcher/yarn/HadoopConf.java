package io.weft.launcher.yarn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** The Hadoop client configuration of the cluster to talk to: {@code $HADOOP_CONF_DIR}, else the classpath. */
public final class HadoopConf {
  private HadoopConf() {}

  public static YarnConfiguration load(String hadoopConfDir) {
    YarnConfiguration conf = new YarnConfiguration();
    if (hadoopConfDir != null) {
      for (String file : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"}) {
        Path p = Path.of(hadoopConfDir, file);
        if (Files.isRegularFile(p)) {
          conf.addResource(new org.apache.hadoop.fs.Path(p.toUri()));
        }
      }
    }
    return conf;
  }
}
