// The agents' `report [7d|30d]` over a real SQLite file: three tickets with known timings (claimed,
// answered, resolved, one left to breach) give a report whose figures equal the ones computed here
// from those timings; non-agents get none of it; a period it does not offer gets the usage.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <nlohmann/json.hpp>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

/// The shipped promise, in working time on a Mon-Fri 09:00-17:00 UTC calendar (P1 around the clock).
DeskSettings office_hours_settings(const std::string& agent_locale) {
    DeskSettings s = default_settings();
    auto sla = SlaPolicy::from_json(nlohmann::json::parse(R"({
        "P1": {"response_minutes": 60, "resolution_minutes": 240, "counts": "wall"},
        "P2": {"response_minutes": 120, "resolution_minutes": 480},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320},
        "calendars": {"default": {"time_zone": "UTC",
            "hours": {"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00", "fri": "09:00-17:00"}}}})"),
                                    system_zones());
    if (!sla) throw std::runtime_error(sla.error().message);
    s.sla = std::move(*sla);
    s.agent_locale = agent_locale;
    return s;
}

// Independent of BusinessCalendar: the working minutes between two instants, one minute at a time.
long long working_minutes(TimePoint a, TimePoint b) {
    long long total = 0;
    for (TimePoint t = a; t < b; t += 1min) {
        const auto day = std::chrono::floor<std::chrono::days>(t);
        const auto wd = std::chrono::weekday{day}.c_encoding();
        const auto hour = (t - day) / 1h;
        if (wd >= 1 && wd <= 5 && hour >= 9 && hour < 17) ++total;
    }
    return total;
}

long long minutes_between(TimePoint a, TimePoint b) { return std::chrono::duration_cast<std::chrono::minutes>(b - a).count(); }

/// Mean, then the nearest-rank median and 90th percentile, in minutes.
std::array<double, 3> stats(std::vector<long long> v) {
    std::sort(v.begin(), v.end());
    const double mean = static_cast<double>(std::accumulate(v.begin(), v.end(), 0LL)) / static_cast<double>(v.size());
    auto rank = [&](double p) { return static_cast<double>(v[static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1]); };
    return {mean, rank(0.5), rank(0.9)};
}

/// How the agents read a duration: "20 min", "4 h 20 min".
std::string en_duration(double minutes) {
    const long long m = std::llround(minutes);
    if (m < 60) return std::to_string(m) + " min";
    const std::string rest = std::to_string(m % 60);
    return std::to_string(m / 60) + " h " + (rest.size() == 1 ? "0" : "") + rest + " min";
}

std::string en_times(const std::array<double, 3>& wall, const std::array<double, 3>& work) {
    return "mean " + en_duration(wall[0]) + ", median " + en_duration(wall[1]) + ", 90th percentile " + en_duration(wall[2]) +
           "; in working time " + en_duration(work[0]) + ", " + en_duration(work[1]) + ", " + en_duration(work[2]);
}

class ReportCommand : public ::testing::Test {
protected:
    /// Wednesday 25 November 2026: a P3 claimed at 09:20 and resolved at 10:20; a P2 reported at
    /// 10:20, claimed at 11:00, resolved at 17:40 (past office hours); a P3 at 17:40 left unclaimed
    /// until Thursday 16:00, when its response clock has breached.
    void play(DeskWorld& w) {
        reported = {w.now()};
        first = w.report(kMario, "network", "P3", "VPN drops");
        w.advance(20min);
        claimed.push_back(w.now());
        answer(w, first);
        w.advance(60min);
        resolved.push_back(w.now());
        w.text(kAlice, kDeskSlack, "resolve " + first.str() + " fixed Restarted the VPN concentrator");

        reported.push_back(w.now());
        second = w.report(Identity{"telegram", "777002"}, "email", "P2", "No mail since this morning");
        w.advance(40min);
        claimed.push_back(w.now());
        answer(w, second);
        w.advance(std::chrono::hours{6} + 40min);
        resolved.push_back(w.now());
        w.text(kAlice, kDeskSlack, "resolve " + second.str() + " fixed Mailbox quota raised");

        reported.push_back(w.now());
        third = w.report(Identity{"telegram", "777003"}, "hardware", "P3", "Broken dock");
        w.advance(std::chrono::hours{22} + 20min);  // Thursday 16:00
        w.fire_due_timers();
        w.forget_delivered();
    }

    void answer(DeskWorld& w, const TicketId& id) {
        w.text(kAlice, kDeskSlack, "claim " + id.str());
        w.text(kAlice, kDeskSlack, "reply " + id.str() + " I'm on it");
    }

    std::string ask(DeskWorld& w, const std::string& command) {
        w.forget_delivered();
        w.text(kAlice, kDeskSlack, command);
        const auto got = w.received("slack", "C0SERVICEDESK");
        if (got.size() != 1) throw std::runtime_error("expected one answer to " + command);
        return got[0].message.text;
    }

    std::vector<TimePoint> reported, claimed, resolved;
    TicketId first, second, third;
};

}  // namespace

TEST_F(ReportCommand, AnAgentGetsTheFiguresComputedFromTheJournal) {
    DeskWorld w{shipped_desk_config(office_hours_settings("en"))};
    play(w);
    ASSERT_EQ(w.journal_count(third, "sla_breach"), 1);  // the response clock only

    const std::string r = ask(w, "report");
    // The 7 days up to Thursday 26 November, today included.
    EXPECT_TRUE(contains(r, "Service desk report for the last 7 days (2026-11-20 to 2026-11-26, UTC)")) << r;
    EXPECT_TRUE(contains(r, "Tickets: 3 (incidents 3)")) << r;
    EXPECT_TRUE(contains(r, "By priority: P2 1 · P3 2")) << r;
    EXPECT_TRUE(contains(r, "Top categories: email 1 · hardware 1 · network 1")) << r;

    std::vector<long long> ack_wall, ack_work, res_wall, res_work;
    for (std::size_t i = 0; i < claimed.size(); ++i) {
        ack_wall.push_back(minutes_between(reported[i], claimed[i]));
        ack_work.push_back(working_minutes(reported[i], claimed[i]));
        res_wall.push_back(minutes_between(reported[i], resolved[i]));
        res_work.push_back(working_minutes(reported[i], resolved[i]));
    }
    ASSERT_NE(res_wall, res_work);  // the second ticket was resolved after hours: the two clocks differ
    EXPECT_TRUE(contains(r, "Time to claim (MTTA): " + en_times(stats(ack_wall), stats(ack_work)))) << r;
    EXPECT_TRUE(contains(r, "Time to resolve (MTTR): " + en_times(stats(res_wall), stats(res_work)))) << r;

    // Decided: the two resolved in time and the one that breached.
    EXPECT_TRUE(contains(r, "SLA met: 66.7% (2 of 3 resolved or breached; P2 100.0% · P3 50.0%)")) << r;
    EXPECT_TRUE(contains(r, "SLA breaches: 1")) << r;
    EXPECT_TRUE(contains(r, "Solved by the bot at first contact: 0 (0.0%), with a known fix: 0 (0.0%)")) << r;
    EXPECT_TRUE(contains(r, "Reopened: 0 of 2 resolved (0.0%)")) << r;
    // The third ticket is 22 hours old.
    EXPECT_TRUE(contains(r, "Still open, by age: under 4 h 0 · 4-24 h 1 · 1-3 days 0 · 3-7 days 0 · over 7 days 0")) << r;
    EXPECT_TRUE(contains(r, "Busiest hours (UTC): 09:00 (1) · 10:00 (1) · 17:00 (1)")) << r;

    // 30 days reach back to 28 October and hold the same tickets; nothing was journalled by asking.
    const std::string month = ask(w, "/report 30d");
    EXPECT_TRUE(contains(month, "last 30 days (2026-10-28 to 2026-11-26, UTC)")) << month;
    EXPECT_TRUE(contains(month, "Tickets: 3 (incidents 3)")) << month;
}

TEST_F(ReportCommand, ItalianAgentsReadItInItalian) {
    DeskWorld w{shipped_desk_config(office_hours_settings("it"))};
    play(w);
    const std::string r = ask(w, "rapporto 30g");
    EXPECT_TRUE(contains(r, "Report del service desk degli ultimi 30 giorni (dal 2026-10-28 al 2026-11-26, UTC)")) << r;
    EXPECT_TRUE(contains(r, "Ticket: 3 (incidenti 3)")) << r;
    EXPECT_TRUE(contains(r, "SLA rispettato: 66,7% (2 su 3 tra risolti e violati; P2 100,0% · P3 50,0%)")) << r;
    EXPECT_TRUE(contains(r, "Ancora aperti, per età: meno di 4 h 0 · 4-24 h 1")) << r;
}

TEST_F(ReportCommand, APeriodItDoesNotOfferGetsTheUsage) {
    DeskWorld w{shipped_desk_config(office_hours_settings("en"))};
    play(w);
    EXPECT_EQ(ask(w, "report 5y"), "Usage: `report [7d|30d]`");
    EXPECT_EQ(ask(w, "report lastweek"), "Usage: `report [7d|30d]`");
}

TEST_F(ReportCommand, NonAgentsGetNoFigures) {
    DeskWorld w{shipped_desk_config(office_hours_settings("en"))};
    play(w);
    const Identity stranger{"slack", "U0STRANGER"};
    w.forget_delivered();
    w.text(stranger, kDeskSlack, "report 30d");
    auto in_room = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(in_room.size(), 1u);
    EXPECT_TRUE(contains(in_room[0].message.text, "only for the IT service desk team")) << in_room[0].message.text;
    // A requester's "report" is ordinary words for the conversation engine, never the desk's figures.
    const int engine_calls = w.engine().calls;
    w.forget_delivered();
    w.text(Identity{"telegram", "777009"}, Address{"telegram", "777009", ""}, "report");
    EXPECT_EQ(w.engine().calls, engine_calls + 1);
    for (const auto& d : w.all_delivered()) EXPECT_FALSE(contains(d.message.text, "Tickets:")) << d.message.text;
}

TEST_F(ReportCommand, AnEmptyPeriodSaysSo) {
    DeskWorld w{shipped_desk_config(office_hours_settings("en"))};
    const std::string r = ask(w, "report 7d");
    EXPECT_EQ(r, "Service desk report for the last 7 days (2026-11-19 to 2026-11-25, UTC)\nNo tickets were reported in this period.");
}
