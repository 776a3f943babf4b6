package dev.prpm.playground.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Java Flight Recorder profile (the JDK's "profile" settings) of a benchmark's measured
 * window, written to the file the system property {@code property} names; nothing when
 * the property is not set.
 */
public final class BenchRecording implements AutoCloseable {

    private final Recording recording;

    private final String file;

    private BenchRecording(Recording recording, String file) {
        this.recording = recording;
        this.file = file;
    }

    public static BenchRecording start(String property) {
        String file = System.getProperty(property);
        if (file == null) {
            return new BenchRecording(null, null);
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
            return new BenchRecording(recording, file);
        }
        catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start a JFR recording", e);
        }
    }

    /** Stops the recording and writes it to the file (if recording). */
    public void dump() {
        if (recording != null) {
            recording.stop();
            try {
                recording.dump(Path.of(file));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        if (recording != null) {
            recording.close();
        }
    }

}
