package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapReportTest {

    @Test
    void summarisesThePausesLoggedSinceTheBurstStarted(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        String before = "[1.0s][info][gc] GC(0) Pause Full (System.gc()) 900M->100M(1024M) 50.0ms\n";
        Files.writeString(log, before + """
                [2.0s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 600M->300M(1024M) 12.5ms
                [2.5s][info][gc] GC(2) Concurrent Mark Cycle
                [3.0s][info][gc] GC(3) Pause Remark 700M->650M(1024M) 7.5ms
                [4.0s][info][gc] GC(4) Pause Full (G1 Compaction Pause) 1020M->810M(1024M) 1200.0ms
                [5.0s][info][gc] GC(5) Pause Young (Mixed) (G1 Evacuation Pause) 1000M->880M(1024M) 30.0ms
                """);

        assertThat(HeapReport.gc(log, before.length()))
            .isEqualTo("GC: pauses {Full=1, Remark=1, Young=2}, 1.3 s paused, heap after a pause at most 880 MB,"
                    + " after a full GC 810 MB");
    }

    @Test
    void readsTheLiveHeapAndItsLargestSharesFromAHistogram() {
        String output = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:        500000      419430400  [B (java.base@25)
                   2:         21917      303038464  jdk.internal.vm.StackChunk (java.base@25)
                   3:          9752        1560320  java.lang.VirtualThread (java.base@25)
                Total       1000000      943718400
                """;

        assertThat(HeapReport.histogram(output))
            .isEqualTo("live heap 900 MB; jdk.internal.vm.StackChunk 289 MB (21,917); [B 400 MB (500,000); [C 0 MB (0);"
                    + " java.lang.VirtualThread 1 MB (9,752); org.apache.coyote.Request 0 MB (0)");
    }

}
