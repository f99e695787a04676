package dev.netsmtp.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pool sizes: maxIdle follows maxTotal unless set, and the order of the setters does not matter. */
class PoolConfigTests {

    @Test
    void maxIdleFollowsMaxTotalUnlessSet() {
        assertThat(PoolConfig.defaults().maxIdle()).isEqualTo(8);
        assertThat(PoolConfig.builder().maxTotal(16).build().maxIdle()).isEqualTo(16);
        assertThat(PoolConfig.builder().maxTotal(2).maxTotal(16).build().maxIdle())
                .isEqualTo(16);
        assertThat(PoolConfig.builder().maxTotal(16).maxIdle(4).build().maxIdle())
                .isEqualTo(4);
    }

    @Test
    void theSizesAreCheckedTogetherWhateverTheOrder() {
        assertThatThrownBy(() -> PoolConfig.builder().maxTotal(4).maxIdle(8).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIdle <= maxTotal");
        assertThatThrownBy(() -> PoolConfig.builder().maxIdle(8).maxTotal(4).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIdle <= maxTotal");
        assertThat(PoolConfig.builder().maxIdle(4).maxTotal(8).build().maxIdle())
                .isEqualTo(4);
    }
}
