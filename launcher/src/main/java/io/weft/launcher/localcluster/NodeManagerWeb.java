package io.weft.launcher.localcluster;

import com.google.inject.servlet.GuiceFilter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.hadoop.http.HttpServer2;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.nodemanager.webapp.WebServer;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.webapp.WebApp;
import org.eclipse.jetty.servlet.FilterHolder;

/**
 * Lets the ResourceManager's and the NodeManagers' web apps run in one JVM, as they do in a
 * MiniYARNCluster. Each YARN web app routes its requests through a Guice filter that Jetty creates
 * by class name, and such a filter dispatches to the pipeline of the last Guice injector made in
 * the JVM: the NodeManager's, started last, would answer on the ResourceManager's port too (its REST
 * API and pages then answer 404). Each web app also holds a filter its own injector made, bound to
 * its own pipeline; this puts that one in place of Jetty's on each server, once both have started.
 * The fields are private to Hadoop and Jetty, hence the reflection; a Hadoop upgrade that renames
 * them fails the cluster's start with the name of what is missing, never silently.
 */
public final class NodeManagerWeb {
  private NodeManagerWeb() {}

  /** After {@code yarn.start()}: each web server of the cluster answers with its own web app. */
  public static void separate(MiniYARNCluster yarn) {
    try {
      for (int i = 0; i < yarn.getNumOfResourceManager(); i++) {
        Method getWebapp = ResourceManager.class.getDeclaredMethod("getWebapp");
        getWebapp.setAccessible(true);
        ownFilter((WebApp) getWebapp.invoke(yarn.getResourceManager(i)));
      }
      for (int i = 0; ; i++) {
        NodeManager nm;
        try {
          nm = yarn.getNodeManager(i);
        } catch (ArrayIndexOutOfBoundsException end) {
          break;
        }
        WebServer server = webServer(nm);
        if (server != null) {
          ownFilter((WebApp) field(WebServer.class, "webApp").get(server));
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot give the ResourceManager and the NodeManager web apps their own Guice"
          + " filters (Hadoop's or Jetty's internals changed): " + e, e);
    }
  }

  /** The NodeManager's web server, a child service somewhere below it; null when it is disabled. */
  static WebServer webServer(Service service) {
    if (service instanceof WebServer web) {
      return web;
    }
    if (service instanceof org.apache.hadoop.service.CompositeService composite) {
      for (Service child : composite.getServices()) {
        WebServer found = webServer(child);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static void ownFilter(WebApp app) throws ReflectiveOperationException {
    if (app == null || app.httpServer() == null) {
      return;
    }
    GuiceFilter own = (GuiceFilter) field(WebApp.class, "guiceFilter").get(app);
    HttpServer2 server = app.httpServer();
    FilterHolder holder = server.getWebAppContext().getServletHandler().getFilter("guice");
    if (own == null || holder == null) {
      throw new NoSuchFieldException("the web app's Guice filter or Jetty's 'guice' filter holder");
    }
    field(FilterHolder.class, "_filter").set(holder, own);
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }
}
