import 'reflect-metadata';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { serverVersion } from './version.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const { app, logger } = await createApp({ config });
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { version: serverVersion, url: config.publicUrl, port: config.port },
    `Beseda is listening on ${config.publicUrl}`,
  );

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(
        { signal },
        'already shutting down; waiting for in-flight requests and the database to close',
      );
      return;
    }
    stopping = true;
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    // Requests that do not finish in time are abandoned rather than holding the process forever.
    const deadline = setTimeout(() => {
      logger.error('shutdown timed out; exiting with requests still in flight');
      logger.flush();
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    try {
      await app.close();
      clearTimeout(deadline);
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      logger.flush();
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  // One line an operator can act on, e.g. an unreachable DATABASE_URL or a data directory in use.
  console.error(`Beseda failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
