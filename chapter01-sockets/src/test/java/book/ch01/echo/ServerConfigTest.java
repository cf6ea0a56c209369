package book.ch01.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void defaultsBoundEverything() {
        ServerConfig config = ServerConfig.defaults();
        assertEquals(0, config.port());
        assertEquals(256, config.maxConnections());
        assertEquals(Duration.ofSeconds(30), config.readTimeout());
        assertEquals(Duration.ofHours(1), config.maxConnectionAge());
        assertEquals(Duration.ofSeconds(5), config.drainTimeout());
        assertEquals(ThreadModel.virtualThreads(), config.threadModel());
    }

    @Test
    void validationNamesTheParameterAndTheBadValue() {
        assertEquals("maxConnections must be at least 1, not 0", assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withMaxConnections(0)).getMessage());
        assertEquals("readTimeout must be between 1 ms and 24 days, not PT0S", assertThrows(
                IllegalArgumentException.class, () -> ServerConfig.defaults().withReadTimeout(Duration.ZERO))
                .getMessage());
        assertEquals("threads must be at least 1, not 0", assertThrows(IllegalArgumentException.class,
                () -> ThreadModel.platformPool(0)).getMessage());
    }
}
