package dev.prpm.playground.providers;

import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The configured models, the provider serving each, and their credit price. */
@Component
public class ModelCatalog {

    static final String DEMO = "demo";

    private static final Set<String> PROVIDERS = Set.of("anthropic", "openai", "openai-compatible", DEMO);

    private final ModelProperties properties;

    private final String priceVersion;

    ModelCatalog(ModelProperties properties) {
        this.properties = properties;
        this.priceVersion = PriceVersion.of(properties);
        properties.models().forEach((id, model) -> {
            if (!PROVIDERS.contains(model.provider())) {
                throw new IllegalStateException("prpm.ai.models." + id + ".provider must be one of " + PROVIDERS
                        + " but is '" + model.provider() + "'");
            }
            if (model.fallback() != null && !model.fallback().isBlank()
                    && !properties.models().containsKey(model.fallback())) {
                throw new IllegalStateException(
                        "prpm.ai.models." + id + ".fallback names unknown model '" + model.fallback() + "'");
            }
        });
    }

    public ResolvedModel resolve(String modelId) {
        ModelProperties.Model model = properties.models().get(modelId);
        if (model == null) {
            throw new UnknownModelException(modelId, ids());
        }
        ModelProperties.Provider connection = properties.providers().get(model.provider());
        boolean demo = DEMO.equals(model.provider()) || connection == null || !connection.configured();
        String fallback = model.fallback() == null || model.fallback().isBlank() ? null : model.fallback();
        return new ResolvedModel(modelId, demo ? DEMO : model.provider(), model.upstream(), model.creditMultiplier(),
                demo, fallback, model.maxOutputTokens());
    }

    public List<String> ids() {
        return properties.models().keySet().stream().sorted().toList();
    }

    /** Public view of the catalogue. */
    public List<ModelInfo> list() {
        return ids().stream().map(id -> {
            ResolvedModel resolved = resolve(id);
            ModelProperties.Model model = properties.models().get(id);
            return new ModelInfo(id, resolved.providerId(), resolved.demo(), model.creditMultiplier(),
                    model.inputPricePerMillion().toPlainString(), model.outputPricePerMillion().toPlainString(),
                    model.maxOutputTokens());
        }).toList();
    }

    /**
     * Credits for a number of tokens: multiplier × started blocks of tokensPerCredit, at
     * least 1 block.
     */
    public long credits(ResolvedModel model, long tokens) {
        long blocks = Math.max(1, (tokens + properties.tokensPerCredit() - 1) / properties.tokensPerCredit());
        return Math.multiplyExact(blocks, model.creditMultiplier());
    }

    /**
     * Names the price table in force (a digest of every model's prices and multiplier and
     * the tokens per credit); receipts carry it.
     */
    public String priceVersion() {
        return priceVersion;
    }

    public int defaultMaxOutputTokens() {
        return properties.defaultMaxOutputTokens();
    }

    /** A model as listed to users. */
    public record ModelInfo(String id, String provider, boolean demo, int creditMultiplier, String inputPricePerMillion,
            String outputPricePerMillion, int maxOutputTokens) {
    }

}
