package dev.berth.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration at start-up, in code instead of a {@code logback.xml}: reading XML
 * loads Logback's whole configuration framework (about 400 classes, a third of a second of a
 * cold start). Found by Logback through {@code META-INF/services}; the text format it sets up
 * is {@link Logging#TEXT_PATTERN}. A {@code -Dlogback.configurationFile} given by the user still
 * wins.
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
