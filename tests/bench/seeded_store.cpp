#include "tests/bench/seeded_store.hpp"
#include "core/store/sqlite_store.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>


namespace frontline::bench {

Ticket history_ticket(TicketId id, long i, long total, Lcg& rng, TimePoint now) {
    static const char* kCategories[] = {"network", "email", "hardware", "access", "printing", "software", "application", "security"};
    static const char* kSubjects[] = {"VPN", "wifi", "Outlook", "printer", "laptop", "badge", "CRM", "ERP", "Teams",
                                      "shared drive", "password", "monitor", "docking station", "SAP", "intranet", "phone"};
    static const char* kProblems[] = {"keeps disconnecting", "will not start", "asks for the password again", "is very slow",
                                      "shows an error", "does not print", "cannot connect", "lost my files", "is locked",
                                      "needs access for a new colleague", "freezes after the update", "drops every few minutes"};
    static const char* kWhere[] = {"in the office", "from home", "at the customer site", "on the third floor", "in Milan",
                                   "in Rome", "since the update", "after the move"};
    Ticket t;
    t.id = id;
    t.type = id.type();
    const auto c = rng.next();
    t.category = kCategories[c % 8];
    t.requester = {"Bench User", {"webchat", "visitor-" + std::to_string(rng.next() % 200000)}, "", ""};
    t.title = std::string(kSubjects[rng.next() % 16]) + " " + kProblems[rng.next() % 12] + " " + kWhere[rng.next() % 8];
    t.description = t.title + ", reference " + std::to_string(i);
    t.symptoms = {{"since", "Since when?", "this morning"}, {"who", "Who is affected?", rng.next() % 2 ? "Only me" : "My team"}};
    // Oldest first, a thousand a day up to now; the last 3% are still open.
    t.reported_at = now - Seconds{(total - i) * 86};
    t.logged_at = t.reported_at;
    t.status = i > total - total * 3 / 100 ? TicketStatus::escalated : TicketStatus::closed;
    if (t.status == TicketStatus::closed) t.resolution_notes = "fixed: restarted the " + std::string(kSubjects[c % 16]);
    return t;
}

void fill_tickets(Store& store, long n, TimePoint now) {
    Lcg rng{42};
    for (long done = 0; done < n;) {
        auto ok = store.in_transaction([&]() -> Status {
            for (long k = 0; k < 10000 && done < n; ++k, ++done) {
                auto id = store.allocate_id(TicketType::incident);
                if (!id) return id.error();
                if (auto s = store.save_ticket(history_ticket(*id, done, n, rng, now)); !s) return s;
            }
            return {};
        });
        if (!ok) throw std::runtime_error(ok.error().message);
    }
}

void fill_persons(Store& store, long n) {
    for (long done = 0; done < n;) {
        auto ok = store.in_transaction([&]() -> Status {
            for (long k = 0; k < 10000 && done < n; ++k, ++done) {
                const Identity web{"webchat", "visitor-" + std::to_string(done)};
                if (auto p = store.upsert_person(web, "Visitor " + std::to_string(done), ""); !p) return p.error();
                if (auto s = store.link_identity(web, {"slack", "U" + std::to_string(done)}); !s) return s;
            }
            return {};
        });
        if (!ok) throw std::runtime_error(ok.error().message);
    }
}

std::filesystem::path data_dir() {
    const char* env = std::getenv("FRONTLINE_BENCH_DATA");
    std::filesystem::path dir = env && *env ? env : std::filesystem::temp_directory_path() / "frontline-bench-data";
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path seeded_file(const std::string& name, const Fill& fill) {
    const auto path = data_dir() / (name + ".db");
    const auto marker = data_dir() / (name + ".complete");
    if (std::filesystem::exists(marker)) {
        // Seeded under an older schema perhaps: opening it applies the newer migrations, as the
        // upgrade of a running desk would, instead of seeding a million rows again.
        auto s = SqliteStore::open(path);
        if (!s) throw std::runtime_error(s.error().message);
        return path;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    {
        auto s = SqliteStore::open(path);
        if (!s) throw std::runtime_error(s.error().message);
        std::fprintf(stderr, "seeding %s (kept in %s for later runs)...\n", name.c_str(), data_dir().c_str());
        const auto started = std::chrono::steady_clock::now();
        fill(**s);
        std::fprintf(stderr, "seeded %s in %.1f s\n", name.c_str(),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }  // closed: the WAL is checkpointed into the file, which can then be copied alone
    std::ofstream(marker) << "seeded\n";
    return path;
}

}  // namespace frontline::bench
