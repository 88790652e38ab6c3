// Whose clock a time is read on: the requester's own zone (from their Slack profile or their
// browser), an agent's zone from the agents file, a team room's business calendar, and the desk's
// zone for everyone else. The words follow the reader's language.
#include "core/handoff/desk_run.hpp"

namespace frontline::handoff {

const TimeVocabulary& DeskRun::vocabulary(const std::string& lang) {
    auto found = vocabularies_.find(lang);
    if (found != vocabularies_.end()) return found->second;
    auto words = TimeVocabulary::from_texts([&](std::string_view key) { return cfg_.texts.get(lang, "handoff.time." + std::string(key)); });
    return vocabularies_.emplace(lang, std::move(words)).first->second;
}

const TimeZone* DeskRun::desk_zone() const {
    return cfg_.settings.time_zone ? cfg_.settings.time_zone.get() : &cfg_.settings.sla.calendar("").zone();
}

const TimeZone* DeskRun::zone_named(const std::string& name) {
    if (name.empty() || !is_zone_name(name) || !cfg_.zones) return nullptr;
    auto found = zones_.find(name);
    if (found != zones_.end()) return found->second.get();
    std::shared_ptr<const TimeZone> zone;
    if (auto bytes = cfg_.zones(name))
        if (auto parsed = TimeZone::from_tzif(*bytes, name)) zone = std::make_shared<const TimeZone>(std::move(*parsed));
    zones_.emplace(name, zone);
    return zone.get();
}

Status DeskRun::remember_time_zone(const InboundEvent& e) {
    if (e.time_zone.empty() || !zone_named(e.time_zone)) return {};
    auto person = repos_.persons.find_person(e.from);
    if (!person) return person.error();
    if (*person && (*person)->timezone == e.time_zone) return {};
    if (!*person) {
        // Someone new: the engine fills in their name on its turn; the zone must be there first,
        // for the times this very event may produce.
        auto made = repos_.persons.upsert_person(e.from, "", "");
        if (!made) return made.error().code == Errc::invalid_argument ? Status{} : Status{made.error()};
    }
    return repos_.persons.set_time_zone(e.from, e.time_zone);
}

TimeWords DeskRun::requester_words(const Ticket& t, const std::string& chosen) {
    const std::string& lang = cfg_.texts.has_language(t.locale) ? t.locale : cfg_.settings.default_locale;
    const TimeZone* zone = zone_named(chosen);
    if (!zone && !t.requester.identity.platform.empty()) {
        auto person = repos_.persons.find_person(t.requester.identity);
        if (!person) fail(person.error());
        else if (*person) zone = zone_named((*person)->timezone);
    }
    return TimeWords(vocabulary(lang), zone ? zone : desk_zone(), now_);
}

TimeWords DeskRun::agent_words(const Agent& a) {
    return TimeWords(vocabulary(cfg_.settings.agent_locale), a.zone ? a.zone.get() : desk_zone(), now_);
}

TimeWords DeskRun::room_words(const Ticket& t) {
    const auto& sla = cfg_.settings.sla;
    const TimeZone* zone = !t.sla.calendar.empty() && sla.has_calendar(t.sla.calendar) ? &sla.calendar(t.sla.calendar).zone() : desk_zone();
    return TimeWords(vocabulary(cfg_.settings.agent_locale), zone, now_);
}

}  // namespace frontline::handoff
