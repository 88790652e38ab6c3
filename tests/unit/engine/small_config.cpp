#include "small_config.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace frontline::engine_test {
namespace {

using nlohmann::json;

std::string read(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// [["term", weight], ...]: brace-initialised pairs would become a JSON object.
json terms(std::initializer_list<std::pair<const char*, double>> list) {
    json out = json::array();
    for (const auto& [term, weight] : list) out.push_back(json::array({term, weight}));
    return out;
}

json choice(const std::string& label, const std::string& value, const std::string& next) {
    return {{"label", label}, {"value", value}, {"next", next}};
}

}  // namespace

std::string shipped_config_path() { return std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json"; }

SmallConfig small_config() {
    SmallConfig c;
    c.categories = {{"categories",
                     {{{"id", "net"}, {"type", "incident"}, {"label", "t.cat.net"}, {"flow", "net"}, {"default_tier", "L2"}},
                      {{"id", "breach"}, {"type", "incident"}, {"label", "t.cat.breach"}, {"flow", "breach"},
                       {"restricted", true}, {"fixed_priority", "P1"}},
                      {{"id", "access_req"}, {"type", "request"}, {"label", "t.cat.access"}, {"flow", "req"},
                       {"fixed_priority", "P4"}}}}};
    c.classifier = {
        {"min_score", 2.0},
        {"min_margin", 1.0},
        {"types",
         {{"incident", {{"en", terms({{"not working", 3}, {"broken", 2}})}, {"it", terms({{"non funziona", 3}})}}},
          {"request", {{"en", terms({{"i need", 3}})}, {"it", terms({{"ho bisogno", 3}})}}}}},
        {"categories",
         {{"net", {{"en", terms({{"vpn", 4}, {"wifi", 3}})}, {"it", terms({{"vpn", 4}, {"rete", 3}})}}},
          {"breach", {{"en", terms({{"data breach", 5}, {"leak*", 4}})}, {"it", terms({{"violazione", 5}})}}},
          {"access_req", {{"en", terms({{"access", 3}})}, {"it", terms({{"accesso", 3}})}}}}}};
    c.net_flow = {{"id", "net"},
                  {"start", "q_conn"},
                  {"nodes",
                   {{"q_conn", {{"type", "choice"}, {"text", "t.q_conn"}, {"field", "conn"},
                                {"choices", {choice("t.vpn", "vpn", "q_since"), choice("t.wifi", "wifi", "fix_wifi")}}}},
                    {"q_since", {{"type", "text"}, {"text", "t.q_since"}, {"field", "since"},
                                 {"validate", {{"min_length", 2}, {"max_length", 100}}}, {"error", "t.since_bad"},
                                 {"next", "route"}}},
                    {"route", {{"type", "branch"}, {"field", "since"},
                               {"cases", {{{"match", "(?:today|oggi)"}, {"next", "q_others"}}}}, {"default", "note"}}},
                    {"note", {{"type", "message"}, {"text", "t.note"}, {"next", "q_others"}}},
                    {"q_others", {{"type", "yes_no"}, {"text", "t.q_others"}, {"field", "others"}, {"yes", "esc"}, {"no", "fix_wifi"}}},
                    {"fix_wifi", {{"type", "fix"}, {"kb", "wifi-forget"}, {"yes", "solved"}, {"no", "esc"}}},
                    {"esc", {{"type", "escalate"}}},
                    {"solved", {{"type", "resolve"}, {"code", "known_fix"}}}}}};
    c.breach_flow = {{"id", "breach"},
                     {"start", "q_what"},
                     {"nodes",
                      {{"q_what", {{"type", "text"}, {"text", "t.q_what"}, {"field", "what"}, {"next", "esc"}}},
                       {"esc", {{"type", "escalate"}, {"tier", "L3"}}}}}};
    c.request_flow = {{"id", "req"},
                      {"start", "q_which"},
                      {"nodes",
                       {{"q_which", {{"type", "text"}, {"text", "t.q_what"}, {"field", "which"}, {"next", "esc"}}},
                        {"esc", {{"type", "escalate"}}}}}};
    c.kb = {{"articles",
             {{{"id", "wifi-forget"}, {"category", "net"},
               {"title", {{"en", "Forget the network"}, {"it", "Dimentica la rete"}}},
               {"steps", {{"en", "1. Forget it. 2. Join again."}, {"it", "1. Dimenticala. 2. Ricollegati."}}}}}}};
    c.en_texts = {{"t.cat.net", "network"}, {"t.cat.breach", "data breach"}, {"t.cat.access", "access"},
                  {"t.q_conn", "Which connection?"}, {"t.vpn", "VPN"}, {"t.wifi", "Wi-Fi"},
                  {"t.q_since", "Since when?"}, {"t.since_bad", "Tell me roughly when, e.g. today."},
                  {"t.note", "Noted."}, {"t.q_others", "Others too?"}, {"t.q_what", "What happened?"}};
    c.it_texts = {{"t.cat.net", "rete"}, {"t.cat.breach", "violazione di dati"}, {"t.cat.access", "accesso"},
                  {"t.q_conn", "Quale connessione?"}, {"t.vpn", "VPN"}, {"t.wifi", "Wi-Fi"},
                  {"t.q_since", "Da quando?"}, {"t.since_bad", "Dimmi più o meno quando, per esempio oggi."},
                  {"t.note", "Annotato."}, {"t.q_others", "Anche altri?"}, {"t.q_what", "Cosa è successo?"}};
    return c;
}

EngineConfigTexts SmallConfig::texts() const {
    const std::string locales = std::string(FRONTLINE_SOURCE_DIR) + "/config/locales/";
    EngineConfigTexts t;
    t.categories = {"categories.json", categories.dump()};
    t.classifier = {"classifier.json", classifier.dump()};
    t.flows = {{"flows/net.json", net_flow.dump()}, {"flows/breach.json", breach_flow.dump()},
               {"flows/req.json", request_flow.dump()}};
    t.kb = {{"kb/net.json", kb.dump()}};
    t.locales = {{"en", {"locales/en.json", read(locales + "en.json")}},
                 {"en", {"locales/en.test.json", en_texts.dump()}},
                 {"it", {"locales/it.json", read(locales + "it.json")}},
                 {"it", {"locales/it.test.json", it_texts.dump()}}};
    return t;
}

EngineConfig small_engine_config() {
    auto c = build_engine_config(small_config().texts());
    if (!c) throw std::runtime_error(c.error().message);
    return std::move(*c);
}

}  // namespace frontline::engine_test
