package dev.acomp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueAndTheInputIsLeftUnsorted() {
        double[] values = {5, 1, 9, 3, 7};
        assertEquals(5, Percentiles.median(values));
        assertArrayEquals(new double[] {5, 1, 9, 3, 7}, values);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Percentiles.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        double[] values = {10, 20, 30, 40, 50};
        assertEquals(10, Percentiles.percentile(values, 0));
        assertEquals(50, Percentiles.percentile(values, 100));
        assertEquals(46, Percentiles.percentile(values, 90), 1e-9);
    }

    @Test
    void noValuesOrAPercentileOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.median(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.percentile(new double[] {1}, 101));
    }
}
