package dev.prpm.playground.billing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Finding 6: free credits only for a local developer run. */
class DevModeFenceTest {

    @Test
    void devBillingWithoutTheDevProfileRefusesToStartNamingWhy() {
        MockEnvironment environment = new MockEnvironment().withProperty("server.address", "127.0.0.1");
        assertThatThrownBy(() -> BillingConfiguration.requireLocalDevRun(environment))
            .hasMessageContaining("prpm.billing.mode=dev")
            .hasMessageContaining("dev profile")
            .hasMessageContaining("active profiles: []");
    }

    @Test
    void devBillingBoundToAllInterfacesOrAPublicAddressRefusesToStart() {
        MockEnvironment everywhere = new MockEnvironment();
        everywhere.setActiveProfiles("dev");
        assertThatThrownBy(() -> BillingConfiguration.requireLocalDevRun(everywhere))
            .hasMessageContaining("server.address: (all interfaces)");
        MockEnvironment wildcard = new MockEnvironment().withProperty("server.address", "0.0.0.0");
        wildcard.setActiveProfiles("dev");
        assertThatThrownBy(() -> BillingConfiguration.requireLocalDevRun(wildcard))
            .hasMessageContaining("server.address: 0.0.0.0");
    }

    @Test
    void theDevProfileOnTheLoopbackStarts() {
        for (String address : new String[] { "127.0.0.1", "localhost", "::1" }) {
            MockEnvironment environment = new MockEnvironment().withProperty("server.address", address);
            environment.setActiveProfiles("dev");
            assertThatCode(() -> BillingConfiguration.requireLocalDevRun(environment)).doesNotThrowAnyException();
        }
    }

}
