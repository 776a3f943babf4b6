package dev.prpm.playground.chaos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A WireMock stand-in for api.stripe.com answering the calls checkout and portal make.
 */
final class StripeStub {

    private StripeStub() {
    }

    static WireMockServer start() {
        WireMockServer stripe = new WireMockServer(options().dynamicPort().containerThreads(64));
        stripe.start();
        stripe.stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withTransformers("response-template")
            .withBody("""
                    {"id":"cs_test_{{randomValue length=24 type='ALPHANUMERIC'}}","object":"checkout.session",
                     "livemode":false,"status":"open","url":"https://checkout.stripe.test/c/pay/cs_test_1"}""")));
        stripe.stubFor(post(urlPathMatching("/v1/subscriptions/sub_[A-Za-z0-9_]+"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                    {"id":"sub_test_1","object":"subscription","status":"active","cancel_at_period_end":true}""")));
        stripe.stubFor(post(urlEqualTo("/v1/billing_portal/sessions"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                    {"id":"bps_test_1","object":"billing_portal.session",
                     "url":"https://billing.stripe.test/p/session/test_1"}""")));
        return stripe;
    }

}
