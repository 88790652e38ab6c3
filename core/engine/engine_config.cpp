#include "core/engine/engine_config.hpp"

#include "core/engine/config_parsers.hpp"
#include "core/engine/engine_config_texts.hpp"

namespace frontline {

const Category* EngineConfig::category(const std::string& id) const {
    for (const auto& c : categories)
        if (c.id == id) return &c;
    return nullptr;
}

const Flow* EngineConfig::flow(const std::string& id) const {
    auto it = flows.find(id);
    return it == flows.end() ? nullptr : &it->second;
}

const KbArticle* EngineConfig::article(const std::string& id) const {
    auto it = kb.find(id);
    return it == kb.end() ? nullptr : &it->second;
}

Result<EngineConfig> build_engine_config(const EngineConfigTexts& texts) {
    EngineConfig config;
    config.settings = texts.settings;
    for (const auto& l : texts.locales)
        if (auto s = config.catalog.add_file(l.language, l.source.text, l.source.file); !s) return s.error();

    auto categories = parse_categories(texts.categories.text, texts.categories.file);
    if (!categories) return categories.error();
    config.categories = std::move(*categories);

    auto classifier = parse_classifier(texts.classifier.text, texts.classifier.file);
    if (!classifier) return classifier.error();
    config.classifier = std::move(*classifier);
    for (const auto& c : config.categories) config.classifier.category_types[c.id] = std::string(to_string(c.type));
    if (texts.triage_model) {
        auto model = TriageModel::parse(texts.triage_model->text);
        if (!model) return make_error(Errc::parse, texts.triage_model->file + ": " + model.error().message);
        config.classifier.model = std::make_shared<const TriageModel>(std::move(*model));
    }

    for (const auto& f : texts.flows) {
        auto flow = parse_flow(f.text, f.file);
        if (!flow) return flow.error();
        if (const Flow* other = config.flow(flow->id))
            return make_error(Errc::parse, f.file + ": flow '" + flow->id + "' is already defined in " + other->file);
        config.flows.emplace(flow->id, std::move(*flow));
    }
    for (const auto& k : texts.kb) {
        auto articles = parse_kb(k.text, k.file);
        if (!articles) return articles.error();
        for (auto& a : *articles) {
            if (config.kb.count(a.id))
                return make_error(Errc::parse, k.file + ": kb article '" + a.id + "' is defined twice");
            std::string id = a.id;
            config.kb.emplace(std::move(id), std::move(a));
        }
    }
    EngineConfigSources sources{texts.categories.file, texts.classifier.file, texts.locales_dir,
                                texts.triage_model ? texts.triage_model->file : std::string()};
    if (auto s = validate_engine_config(config, sources); !s) return s.error();
    return config;
}

}  // namespace frontline
