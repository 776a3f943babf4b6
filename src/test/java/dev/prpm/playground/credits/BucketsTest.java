package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void takesMonthlyThenRolloverThenPurchased() {
        Buckets balances = new Buckets(100, 50, 25);
        assertThat(balances.take(10)).isEqualTo(new Buckets(10, 0, 0));
        assertThat(new Buckets(5, 50, 25).take(10)).isEqualTo(new Buckets(5, 5, 0));
        assertThat(new Buckets(5, 2, 25).take(10)).isEqualTo(new Buckets(5, 2, 3));
        assertThat(balances.take(175)).isEqualTo(balances);
    }

    @Test
    void refusesToTakeMoreThanThereIs() {
        assertThatThrownBy(() -> new Buckets(1, 1, 1).take(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Buckets(1, 1, 1).take(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arithmeticIsExact() {
        Buckets delta = new Buckets(-3, 2, 7);
        assertThat(delta.total()).isEqualTo(6);
        assertThat(delta.negate().plus(delta)).isEqualTo(Buckets.ZERO);
        assertThat(delta.anyNegative()).isTrue();
        assertThat(Buckets.of(Bucket.ROLLOVER, 4)).isEqualTo(new Buckets(0, 4, 0));
        assertThatThrownBy(() -> new Buckets(Long.MAX_VALUE, 1, 0).total()).isInstanceOf(ArithmeticException.class);
    }

}
