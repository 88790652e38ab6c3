// Runs one conversation transcript (tests/transcripts/*.txt) through the real conversation engine,
// a real SQLite file in a temp folder and the shipped config, on a fixed ManualClock, and compares
// what the bot said with the transcript's expected lines. `--update` rewrites the expected lines.
// Events and timers go through the engine loop's batch (apply_one, fire_due_timers): inbox,
// effects in the outbox and timer tables, commit, as in the service.
//
// Transcript lines:
//   # comment, blank             kept as they are
//   > text                       the current user types `text` (\xNN escapes; {repeat N x} repeats)
//   < text                       an expected output line (the bot's messages, then "! " facts)
//   @user ID [name=...] [locale=xx]   switch to (or create) a console user
//   @choice PAYLOAD              press a button with this raw payload (stale or forged buttons)
//   @advance 30m|2h|90s          move the clock and fire the timers that fell due, in order
//   @restart                     close and reopen the store and the engine (a process restart)
//   @show INC-000001             print the ticket's fields and symptoms as "! " lines
//   @journal INC-000001 KIND     print the ticket's journal entries of one kind as "! " lines
//   @platform console [profile_name=no] [profile_contact=no]   what the console's "profile" tells
//                                the engine (default: everything, so nothing is asked before a hand-off)
//   @person                      print the current user's person record (name, contact, phone, asked)
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>


#include "adapters/console/console_chat.hpp"
#include "bot/config/config.hpp"
#include "bot/config/engine_config_loader.hpp"
#include "bot/runtime/apply_one.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace frontline;
namespace fs = std::filesystem;

namespace {

std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
            out += static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16));
            i += 3;
        } else if (s.compare(i, 8, "{repeat ") == 0) {
            const auto close = s.find('}', i);
            std::istringstream args(s.substr(i + 8, close - i - 8));
            std::size_t n = 0;
            std::string unit;
            args >> n >> unit;
            for (std::size_t k = 0; k < n; ++k) out += unit;
            i = close;
        } else {
            out += s[i];
        }
    }
    return out;
}

Seconds parse_span(const std::string& s) {
    const long long n = std::stoll(s.substr(0, s.size() - 1));
    switch (s.back()) {
        case 's': return Seconds{n};
        case 'm': return Seconds{n * 60};
        case 'h': return Seconds{n * 3600};
        case 'd': return Seconds{n * 86400};
    }
    throw std::runtime_error("bad time span '" + s + "' (use 90s, 30m, 2h, 1d)");
}

std::map<std::string, std::string> parse_options(std::istringstream& in) {
    std::map<std::string, std::string> out;
    std::string rest;
    std::getline(in, rest);
    std::size_t i = 0;
    while (i < rest.size()) {
        while (i < rest.size() && rest[i] == ' ') ++i;
        const auto eq = rest.find('=', i);
        if (eq == std::string::npos) break;
        const std::string key = rest.substr(i, eq - i);
        std::string value;
        i = eq + 1;
        if (i < rest.size() && rest[i] == '"') {
            const auto end = rest.find('"', i + 1);
            value = rest.substr(i + 1, end - i - 1);
            i = end + 1;
        } else {
            const auto end = rest.find(' ', i);
            value = rest.substr(i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? rest.size() : end;
        }
        out[key] = value;
    }
    return out;
}

class Runner {
public:
    Runner(Config config, fs::path db) : config_(std::move(config)), db_(std::move(db)),
        clock_(TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 27}} + std::chrono::hours{9}) {
        open();
        switch_user("alice", {{"name", "Alice Bianchi"}});
    }

    std::vector<std::string> run_line(const std::string& line) {
        out_.clear();
        if (line.rfind("> ", 0) == 0 || line == ">") {
            const std::string text = unescape(line.size() > 2 ? line.substr(2) : std::string());
            handle(current_->event_for(text, clock_.now()));
        } else if (line.rfind("@", 0) == 0) {
            directive(line);
        }
        return split_lines(out_);
    }

private:
    void open() {
        auto store = SqliteStore::open(db_);
        if (!store) throw std::runtime_error(store.error().message);
        store_ = std::move(*store);
        auto engine = load_conversation_engine(config_);
        if (!engine) throw std::runtime_error(engine.error().message);
        engine_ = std::move(*engine);
        engine_->set_platforms(platforms_);
    }

    void switch_user(const std::string& id, const std::map<std::string, std::string>& opts) {
        auto it = chats_.find(id);
        if (it == chats_.end()) {
            auto name = opts.count("name") ? opts.at("name") : id;
            auto locale = opts.count("locale") ? opts.at("locale") : std::string();
            it = chats_.emplace(id, std::make_unique<ConsoleChat>(id, name, locale)).first;
            it->second->set_next_event_number(static_cast<long long>(chats_.size()) * 1000000);
        }
        current_ = it->second.get();
    }

    void directive(const std::string& line) {
        std::istringstream in(line.substr(1));
        std::string name;
        in >> name;
        if (name == "user") {
            std::string id;
            in >> id;
            switch_user(id, parse_options(in));
        } else if (name == "choice") {
            std::string payload;
            in >> payload;
            InboundEvent e = current_->event_for("", clock_.now());
            e.kind = InboundKind::choice;
            e.payload = payload;
            handle(e);
        } else if (name == "advance") {
            std::string span;
            in >> span;
            clock_.advance(parse_span(span));
            fire_due_timers();
        } else if (name == "restart") {
            engine_.reset();
            store_.reset();
            open();
        } else if (name == "platform") {
            std::string platform;
            in >> platform;
            const auto opts = parse_options(in);
            PlatformCapabilities caps;
            caps.profile_name = !opts.count("profile_name") || opts.at("profile_name") != "no";
            caps.profile_contact = !opts.count("profile_contact") || opts.at("profile_contact") != "no";
            platforms_[platform] = caps;
            engine_->set_platforms(platforms_);
        } else if (name == "person") {
            auto p = store_->find_person(current_->user());
            if (!p || !*p) {
                out_ += "! no person\n";
            } else {
                out_ += "! person " + (*p)->name + " contact=" + ((*p)->contact.empty() ? "-" : (*p)->contact) +
                        " phone=" + ((*p)->phone.empty() ? "-" : (*p)->phone) + " asked=" + ((*p)->contact_asked ? "yes" : "no") + "\n";
            }
        } else if (name == "show") {
            std::string id;
            in >> id;
            show(id);
        } else if (name == "journal") {
            std::string id, kind;
            in >> id >> kind;
            show_journal(id, kind);
        } else {
            throw std::runtime_error("unknown directive '" + line + "'");
        }
    }

    void handle(const InboundEvent& e) { print(apply_one(*store_, *engine_, e, clock_.now())); }

    void fire_due_timers() { print(frontline::fire_due_timers(*store_, *engine_, clock_.now())); }

    void print(const Applied& applied) {
        if (!applied.status) {
            out_ += "! error: " + applied.status.error().message + "\n";
            return;
        }
        const Effects& fx = applied.effects;
        for (const auto& m : fx.messages) {
            ConsoleChat* to = nullptr;
            for (auto& [id, chat] : chats_)
                if (chat->address() == m.to) to = chat.get();
            if (!to) {
                out_ += "! message to an unknown address " + m.to.conversation_id + "\n";
                continue;
            }
            std::string text = to->render({m});
            if (to != current_) text = prefix_lines(text, "(to " + to->user().user_id + ") ");
            out_ += text;
        }
        for (const auto& e : fx.escalations)
            out_ += "! escalation " + e.ticket.str() + " " + std::string(to_string(e.tier)) + " " + e.reason + "\n";
    }

    void show_journal(const std::string& id_text, const std::string& kind) {
        auto id = TicketId::parse(id_text);
        if (!id) throw std::runtime_error(id.error().message);
        auto entries = store_->journal_of(*id);
        if (!entries) throw std::runtime_error(entries.error().message);
        for (const auto& e : *entries)
            if (e.kind == kind) out_ += "! journal " + e.kind + " by " + e.actor + ": " + e.details + "\n";
    }

    void show(const std::string& id_text) {
        auto id = TicketId::parse(id_text);
        if (!id) throw std::runtime_error(id.error().message);
        auto t = store_->find_ticket(*id);
        if (!t || !*t) {
            out_ += "! no ticket " + id_text + "\n";
            return;
        }
        const Ticket& k = **t;
        out_ += "! " + k.id.str() + " " + std::string(to_string(k.type)) + " " + std::string(to_string(k.status)) +
                " " + std::string(to_string(k.priority)) + " " + std::string(to_string(k.tier)) + " category=" +
                k.category + (k.subcategory.empty() ? "" : "/" + k.subcategory) + " requester=" + k.requester.name +
                " parent=" + (k.parent ? k.parent->str() : "-") + " fcr=" + (k.first_contact_resolution ? "yes" : "no") +
                " restricted=" + (k.restricted ? "yes" : "no") + " locale=" + k.locale + "\n";
        out_ += "! title: " + k.title + "\n";
        if (!k.requester.contact.empty() || !k.requester.phone.empty())
            out_ += "! reach: " + (k.requester.contact.empty() ? "-" : k.requester.contact) + " " +
                    (k.requester.phone.empty() ? "-" : k.requester.phone) + "\n";
        for (const auto& s : k.symptoms) out_ += "! symptom " + s.question + ": " + s.label + " = " + s.answer + "\n";
        if (!k.resolution_code.empty()) out_ += "! resolution: " + k.resolution_code + " " + k.resolution_notes + "\n";
    }

    static std::string prefix_lines(const std::string& text, const std::string& prefix) {
        std::string out;
        for (const auto& l : split_lines(text)) out += prefix + l + "\n";
        return out;
    }

    static std::vector<std::string> split_lines(const std::string& text) {
        std::vector<std::string> out;
        std::istringstream in(text);
        std::string l;
        while (std::getline(in, l)) out.push_back(l);
        return out;
    }

    Config config_;
    fs::path db_;
    ManualClock clock_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<ConversationEngine> engine_;
    PlatformCapabilitiesMap platforms_;  ///< @platform: kept across @restart
    std::map<std::string, std::unique_ptr<ConsoleChat>> chats_;
    ConsoleChat* current_ = nullptr;
    std::string out_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: frontline_transcripts TRANSCRIPT.txt CONFIG.json [--update]\n";
        return 2;
    }
    const fs::path transcript = argv[1];
    const bool update = argc > 3 && std::string(argv[3]) == "--update";
    testkit::TempDir dir;
    const fs::path db = dir.file("frontline.db");

    auto config = Config::load(argv[2], {"store.path=" + db.string()});
    if (!config) {
        std::cerr << config.error().message << "\n";
        return 2;
    }
    std::ifstream in(transcript);
    if (!in) {
        std::cerr << transcript << ": cannot read\n";
        return 2;
    }
    std::vector<std::string> expected;
    for (std::string l; std::getline(in, l);) expected.push_back(l);

    std::vector<std::string> actual;
    int status = 0;
    try {
        Runner runner(std::move(*config), db);
        for (const auto& line : expected) {
            if (line.rfind("<", 0) == 0) continue;
            actual.push_back(line);
            for (const auto& out : runner.run_line(line)) actual.push_back(out.empty() ? "<" : "< " + out);
        }
    } catch (const std::exception& e) {
        std::cerr << transcript.filename().string() << ": " << e.what() << "\n";
        status = 1;
    }
    if (status) return status;

    if (update) {
        std::ofstream o(transcript);
        for (const auto& l : actual) o << l << "\n";
        return 0;
    }
    for (std::size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
        const std::string e = i < expected.size() ? expected[i] : "(end of transcript)";
        const std::string a = i < actual.size() ? actual[i] : "(nothing more)";
        if (e != a) {
            std::cerr << transcript.filename().string() << ":" << i + 1 << ": the conversation differs\n"
                      << "  expected: " << e << "\n  actual:   " << a << "\n  context (actual):\n";
            for (std::size_t k = i >= 6 ? i - 6 : 0; k < std::min(actual.size(), i + 6); ++k)
                std::cerr << "    " << actual[k] << "\n";
            return 1;
        }
    }
    std::cout << transcript.filename().string() << ": ok (" << actual.size() << " lines)\n";
    return 0;
}
