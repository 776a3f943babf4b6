package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SdkWarmUpTest {

    @Test
    void bothSdksSerialiseARequestAndParseAResponse() throws Exception {
        assertThat(SdkWarmUp.warmAnthropic()).isEqualTo("ok");
        assertThat(SdkWarmUp.warmOpenAi()).isEqualTo("ok");
    }

}
