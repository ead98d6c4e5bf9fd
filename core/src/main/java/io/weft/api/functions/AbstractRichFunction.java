package io.weft.api.functions;

/** A rich function with empty open/close; subclasses read their context through {@link #getRuntimeContext()}. */
public abstract class AbstractRichFunction implements RichFunction {
  private transient RuntimeContext runtimeContext;

  @Override
  public void open(RuntimeContext context) throws Exception {
    this.runtimeContext = context;
    open();
  }

  /** Override for set-up that needs no arguments; the context is already available. */
  public void open() throws Exception {}

  @Override
  public void close() throws Exception {}

  public RuntimeContext getRuntimeContext() {
    if (runtimeContext == null) {
      throw new IllegalStateException("The runtime context is available from open() on");
    }
    return runtimeContext;
  }
}
