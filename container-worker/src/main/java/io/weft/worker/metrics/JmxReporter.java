package io.weft.worker.metrics;

import io.weft.core.config.Configuration;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMX view of a TaskManager's metrics: each metric an MBean {@code io.weft:type=<scope>.<name>,
 * <variable>=<value>...} in the platform MBean server, with the values of the latest report
 * (refreshed every heartbeat), and a JMX connector server on {@code metrics.reporter.jmx.port}
 * whose clients must log in with a user and password of the configured password file.
 */
final class JmxReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JmxReporter.class);

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final Map<ObjectName, MetricBean> beans = new HashMap<>();
  private final JMXConnectorServer connector;
  private final Registry registry;
  private final int port;

  private JmxReporter(JMXConnectorServer connector, Registry registry, int port) {
    this.connector = connector;
    this.registry = registry;
    this.port = port;
  }

  /** The reporter {@code conf} asks for, or null when {@code metrics.reporter.jmx.port} is unset. */
  static JmxReporter start(Configuration conf, String host) throws IOException {
    String ports = conf.get(MetricOptions.JMX_PORT);
    if (ports == null || ports.isBlank()) {
      return null;
    }
    String passwords = conf.get(MetricOptions.JMX_PASSWORD_FILE);
    if (passwords == null || passwords.isBlank()) {
      throw new IllegalArgumentException(MetricOptions.JMX_PORT.key() + " is set but "
          + MetricOptions.JMX_PASSWORD_FILE.key() + " is not: the JMX server only takes clients that log in");
    }
    Path file = Path.of(passwords).toAbsolutePath();
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(MetricOptions.JMX_PASSWORD_FILE.key() + " '" + passwords
          + "' cannot be read (" + file + "); ship it with -yt or give an absolute path present on every node");
    }
    int[] range = MetricOptions.jmxPorts(ports);
    IOException last = null;
    for (int port = range[0]; port <= range[1]; port++) {
      Registry registry = null;
      try {
        registry = LocateRegistry.createRegistry(port);
        Map<String, Object> env = new HashMap<>();
        env.put("jmx.remote.x.password.file", file.toString());
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":"
            + port + "/jmxrmi");
        JMXConnectorServer connector = JMXConnectorServerFactory.newJMXConnectorServer(url, env,
            ManagementFactory.getPlatformMBeanServer());
        connector.start();
        LOG.info("JMX server of the metrics at {} (logins from {})", url, file);
        return new JmxReporter(connector, registry, port);
      } catch (IOException e) {
        last = e;
        if (registry != null) {
          UnicastRemoteObject.unexportObject(registry, true);
        }
      }
    }
    throw new IOException("no port of " + MetricOptions.JMX_PORT.key() + "=" + ports + " is free for the JMX server",
        last);
  }

  int port() {
    return port;
  }

  /** Brings the MBeans in line with a report: new metrics registered, gone ones removed, values updated. */
  synchronized void update(List<MetricScope> scopes) {
    Set<ObjectName> seen = new HashSet<>();
    for (MetricScope scope : scopes) {
      for (MetricValue value : scope.metrics()) {
        ObjectName name;
        try {
          name = nameOf(scope, value);
        } catch (JMException e) {
          continue;
        }
        seen.add(name);
        MetricBean bean = beans.get(name);
        if (bean == null) {
          bean = new MetricBean(value);
          try {
            server.registerMBean(bean, name);
            beans.put(name, bean);
          } catch (JMException e) {
            LOG.debug("Cannot register the MBean {}: {}", name, e.toString());
          }
        } else {
          bean.value = value;
        }
      }
    }
    beans.keySet().removeIf(name -> {
      if (seen.contains(name)) {
        return false;
      }
      unregister(name);
      return true;
    });
  }

  static ObjectName nameOf(MetricScope scope, MetricValue value) throws JMException {
    StringBuilder sb = new StringBuilder("io.weft:type=").append(ObjectName.quote(scope.scope() + "." + value.name()));
    scope.variables().forEach((k, v) -> sb.append(',').append(k.replaceAll("[^A-Za-z0-9_]", "_")).append('=')
        .append(ObjectName.quote(v)));
    return new ObjectName(sb.toString());
  }

  private void unregister(ObjectName name) {
    try {
      server.unregisterMBean(name);
    } catch (JMException e) {
      LOG.debug("Cannot unregister the MBean {}: {}", name, e.toString());
    }
  }

  @Override
  public synchronized void close() {
    beans.keySet().forEach(this::unregister);
    beans.clear();
    try {
      connector.stop();
    } catch (IOException e) {
      LOG.warn("The JMX server on port {} did not stop cleanly: {}", port, e.toString());
    }
    try {
      UnicastRemoteObject.unexportObject(registry, true);
    } catch (java.rmi.NoSuchObjectException e) {
      // already gone
    }
  }

  /** One metric: attribute Count or Value, Rate and Count for a meter, a histogram's figures. */
  static final class MetricBean implements DynamicMBean {
    volatile MetricValue value;

    MetricBean(MetricValue value) {
      this.value = value;
    }

    private static String[] attributes(MetricValue.Kind kind) {
      return switch (kind) {
        case COUNTER -> new String[] {"Count"};
        case GAUGE -> new String[] {"Value"};
        case METER -> new String[] {"Rate", "Count"};
        case HISTOGRAM -> MetricValue.HISTOGRAM_FIELDS;
      };
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
      MetricValue v = value;
      String[] names = attributes(v.kind());
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(attribute)) {
          return v.value(i);
        }
      }
      throw new AttributeNotFoundException(attribute + " (metric " + v.name() + " has " + String.join(", ", names) + ")");
    }

    @Override
    public void setAttribute(Attribute attribute) {
      throw new UnsupportedOperationException("metrics are read-only");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
      AttributeList list = new AttributeList();
      for (String a : attributes) {
        try {
          list.add(new Attribute(a, getAttribute(a)));
        } catch (AttributeNotFoundException e) {
          // left out, as the interface wants
        }
      }
      return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
      throw new UnsupportedOperationException("metrics have no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      String[] names = attributes(value.kind());
      MBeanAttributeInfo[] infos = new MBeanAttributeInfo[names.length];
      for (int i = 0; i < names.length; i++) {
        infos[i] = new MBeanAttributeInfo(names[i], "double", names[i], true, false, false);
      }
      return new MBeanInfo(MetricBean.class.getName(), "Weft metric " + value.name(), infos, null, null, null);
    }
  }
}
