package dev.berth.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration at start-up, in code instead of a {@code logback.xml}: reading XML
 * loads Logback's whole configuration framework (some 300 classes more, a fifth of a cold start
 * of the server without a class-data archive; docs/benchmarks.md). Found by Logback through {@code META-INF/services}; it sets up the text format of
 * {@link TextLogEncoder}. A {@code -Dlogback.configurationFile} given by the user still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Logging.useTextFormat(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
