// A simulated month: 2,000 tickets of November 2026 with known timings written to a real store
// (SQLite and PostgreSQL) with their journal, read back through its ReportSource, and reported on. Every figure is checked
// against one computed here independently: working time by walking the minutes of a Mon-Fri
// 09:00-17:00 UTC calendar with a holiday, percentiles by sorting, compliance from the timings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "backend_under_test.hpp"
#include "core/report.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using std::chrono::sys_days;
using testing::sample_ticket;

const TimePoint kFrom = sys_days{std::chrono::year{2026} / 11 / 1};
const TimePoint kTo = sys_days{std::chrono::year{2026} / 12 / 1};
const TimePoint kNow = kTo + 12h;
const sys_days kHoliday{std::chrono::year{2026} / 11 / 16};

Result<std::string> no_zones(const std::string& name) { return make_error(Errc::not_found, name); }

SlaPolicy month_policy() {
    auto p = SlaPolicy::from_json(json::parse(R"({
        "P1": {"response_minutes": 60, "resolution_minutes": 240, "counts": "wall"},
        "P2": {"response_minutes": 120, "resolution_minutes": 480},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320},
        "calendars": {"default": {"time_zone": "UTC", "holidays": ["2026-11-16"],
            "hours": {"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00", "fri": "09:00-17:00"}}}})"),
                                  no_zones);
    EXPECT_TRUE(p) << p.error().message;
    return p ? *p : SlaPolicy{};
}

// Independent of BusinessCalendar: one minute at a time.
long long working_seconds(TimePoint a, TimePoint b) {
    long long total = 0;
    for (TimePoint t = a; t < b; t += 1min) {
        const auto day = std::chrono::floor<std::chrono::days>(t);
        const auto wd = std::chrono::weekday{day}.c_encoding();
        const auto hour = (t - day) / 1h;
        if (wd >= 1 && wd <= 5 && hour >= 9 && hour < 17 && day != kHoliday) total += 60;
    }
    return total;
}

struct Expected {
    std::vector<long long> ack_wall, ack_work, res_wall, res_work;
    std::map<std::string, std::pair<long long, long long>> compliance_by_priority, compliance_by_team;  // counted, met
    long long counted = 0, met = 0, fcr = 0, known_fix = 0, resolved = 0, reopened = 0, breaches = 0;
    std::map<std::string, long long> by_priority, by_channel, by_category, by_type;
    std::map<std::string, long long> backlog;
    std::array<long long, 24> by_hour{};
    // By UTC day of the month (0 = the 1st): tickets per priority, claim and resolution durations.
    std::map<long long, std::map<std::string, long long>> day_priority;
    std::map<long long, std::vector<long long>> day_ack, day_res;
};

long long nearest_rank(std::vector<long long> v, double p) {
    std::sort(v.begin(), v.end());
    std::size_t rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::max<std::size_t>(rank, 1) - 1];
}

double mean(const std::vector<long long>& v) {
    double s = 0;
    for (auto x : v) s += static_cast<double>(x);
    return s / static_cast<double>(v.size());
}

class ReportMonth : public testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(ReportMonth);

TEST_P(ReportMonth, TwoThousandTicketsGiveTheFiguresComputedIndependently) {
    TicketRepository& store = backend().tickets();
    const SlaPolicy sla = month_policy();
    std::mt19937 rng(20261101);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const std::vector<std::string> categories = {"network", "email", "hardware", "access", "software"};
    const std::vector<std::string> channels = {"slack", "telegram", "matrix", "webchat"};
    const std::vector<std::string> teams = {"service-desk", "network-ops"};
    const std::vector<std::string> agents = {"alice", "bruno", "chiara"};
    Expected x;

    ASSERT_TRUE(backend().in_transaction([&]() -> Status {
        for (int i = 0; i < 2000; ++i) {
            // Spread over the month, on whole minutes; 60 more tickets outside it must not count.
            const TimePoint reported = kFrom + std::chrono::minutes{(i * 21) + pick(20)};
            const TicketType type = i % 3 == 0 ? TicketType::request : TicketType::incident;
            auto id = store.allocate_id(type);
            if (!id) return id.error();
            Ticket t = sample_ticket(*id, reported, "case " + std::to_string(i), categories[pick(5)]);
            t.priority = static_cast<Priority>(1 + pick(4));
            t.requester.identity.platform = channels[pick(4)];
            sla.apply(t);
            std::vector<JournalEntry> js;
            auto jot = [&](TimePoint at, std::string kind, json d) { js.push_back({0, t.id, "system", at, std::move(kind), d.dump()}); };
            jot(reported, "created", json::object());
            const int outcome = pick(10);
            std::string team;
            bool breached = false;
            bool decided = false;
            if (outcome < 3) {  // solved by the bot in the diagnosis; half of them by a known fix
                t.status = TicketStatus::closed;
                t.resolved_at = reported + std::chrono::minutes{3 + pick(20)};
                t.first_contact_resolution = true;
                json d = {{"code", "known_fix"}, {"by", "L1"}};
                const bool kb = pick(2) == 0;
                if (kb) d["kb"] = "kb-" + std::to_string(pick(9));
                jot(*t.resolved_at, "status", {{"from", "in_diagnosis"}, {"to", "resolved"}});
                jot(*t.resolved_at, "resolution", d);
                ++x.fcr;
                if (kb) ++x.known_fix;
                ++x.resolved;
                decided = true;
            } else {
                team = teams[pick(2)];
                jot(reported + 1min, "escalation_ping", {{"team", team}, {"tier", "L2"}});
                t.status = TicketStatus::escalated;
                t.tier = Tier::l2;
                if (outcome < 9) {  // claimed, answered, resolved
                    t.assignee = agents[pick(3)];
                    t.claimed_at = reported + std::chrono::minutes{5 + pick(600)};
                    t.first_response_at = t.claimed_at;
                    t.resolved_at = *t.claimed_at + std::chrono::minutes{10 + pick(3000)};
                    t.status = pick(3) == 0 ? TicketStatus::resolved : TicketStatus::closed;
                    jot(*t.resolved_at, "status", {{"from", "in_progress"}, {"to", "resolved"}});
                    ++x.resolved;
                    if (*t.claimed_at > *t.sla.response_due) {
                        jot(*t.sla.response_due, "sla_breach", {{"clock", "response"}, {"due", format_iso8601(*t.sla.response_due)}});
                        ++x.breaches;
                        breached = true;
                    }
                    if (*t.resolved_at > *t.sla.resolution_due) {
                        jot(*t.sla.resolution_due, "sla_breach", {{"clock", "resolution"}, {"due", format_iso8601(*t.sla.resolution_due)}});
                        ++x.breaches;
                        breached = true;
                    }
                    if (pick(20) == 0) {  // reopened once, then resolved again
                        jot(*t.resolved_at + 1h, "status", {{"from", "resolved"}, {"to", "in_progress"}});
                        ++x.reopened;
                    }
                    decided = true;
                    x.ack_wall.push_back((*t.claimed_at - reported).count());
                    x.day_ack[(reported - kFrom) / std::chrono::days{1}].push_back((*t.claimed_at - reported).count());
                    x.ack_work.push_back(working_seconds(reported, *t.claimed_at));
                } else {  // still waiting in the queue at the end of the month
                    const long long age_h = (kNow - reported) / 1h;
                    x.backlog[age_h < 4 ? "under 4h" : age_h < 24 ? "4h-24h" : age_h < 72 ? "1d-3d" : age_h < 168 ? "3d-7d" : "over 7d"]++;
                    if (*t.sla.response_due < kNow) {
                        jot(*t.sla.response_due, "sla_breach", {{"clock", "response"}, {"due", format_iso8601(*t.sla.response_due)}});
                        ++x.breaches;
                        breached = true;
                        decided = true;
                    }
                }
            }
            if (t.resolved_at) {
                x.res_wall.push_back((*t.resolved_at - reported).count());
                x.day_res[(reported - kFrom) / std::chrono::days{1}].push_back((*t.resolved_at - reported).count());
                x.res_work.push_back(working_seconds(reported, *t.resolved_at));
            }
            if (decided) {
                const std::string p(to_string(t.priority));
                ++x.compliance_by_priority[p].first;
                ++x.compliance_by_team[team.empty() ? "none" : team].first;
                ++x.counted;
                if (!breached) {
                    ++x.compliance_by_priority[p].second;
                    ++x.compliance_by_team[team.empty() ? "none" : team].second;
                    ++x.met;
                }
            }
            ++x.by_priority[std::string(to_string(t.priority))];
            ++x.day_priority[(reported - kFrom) / std::chrono::days{1}][std::string(to_string(t.priority))];
            ++x.by_channel[t.requester.identity.platform];
            ++x.by_category[t.category];
            ++x.by_type[std::string(to_string(type))];
            ++x.by_hour[static_cast<std::size_t>((reported - std::chrono::floor<std::chrono::days>(reported)) / 1h)];
            if (auto ok = store.save_ticket(t); !ok) return ok;
            for (auto& j : js)
                if (auto ok = store.append_journal(j); !ok) return ok;
        }
        for (int i = 0; i < 60; ++i) {  // October and December: outside the period
            auto id = store.allocate_id(TicketType::incident);
            if (!id) return id.error();
            Ticket t = sample_ticket(*id, i % 2 ? kFrom - 1h * (i + 1) : kTo + 1h * i, "elsewhere");
            if (auto ok = store.save_ticket(t); !ok) return ok;
        }
        return {};
    }));

    ReportSource& source = backend().reports();
    auto tickets = source.tickets_reported_between(kFrom, kTo);
    ASSERT_TRUE(tickets) << tickets.error().message;
    auto journal = source.journal_of_tickets_reported_between(kFrom, kTo);
    ASSERT_TRUE(journal) << journal.error().message;
    ASSERT_EQ(tickets->size(), 2000u);
    const Report r = build_report(*tickets, *journal, {kFrom, kTo, kNow, std::nullopt}, sla);

    EXPECT_EQ(r.total, 2000);
    EXPECT_EQ(r.by_priority, x.by_priority);
    EXPECT_EQ(r.by_channel, x.by_channel);
    EXPECT_EQ(r.by_category, x.by_category);
    EXPECT_EQ(r.by_type, x.by_type);
    EXPECT_EQ(r.by_hour, x.by_hour);
    for (const auto& [got, want_wall, want_work] :
         {std::tuple{std::pair{&r.mtta_wall, &r.mtta_working}, &x.ack_wall, &x.ack_work},
          std::tuple{std::pair{&r.mttr_wall, &r.mttr_working}, &x.res_wall, &x.res_work}}) {
        ASSERT_EQ(got.first->count, static_cast<long long>(want_wall->size()));
        EXPECT_DOUBLE_EQ(got.first->mean, mean(*want_wall));
        EXPECT_EQ(got.first->median, nearest_rank(*want_wall, 0.5));
        EXPECT_EQ(got.first->p90, nearest_rank(*want_wall, 0.9));
        EXPECT_DOUBLE_EQ(got.second->mean, mean(*want_work));
        EXPECT_EQ(got.second->median, nearest_rank(*want_work, 0.5));
        EXPECT_EQ(got.second->p90, nearest_rank(*want_work, 0.9));
        EXPECT_LT(got.second->mean, got.first->mean) << "working time leaves out nights and weekends";
    }
    EXPECT_EQ(r.overall.counted, x.counted);
    EXPECT_EQ(r.overall.met, x.met);
    for (const auto& [p, cm] : x.compliance_by_priority) {
        EXPECT_EQ(r.compliance.at("priority").at(p).counted, cm.first) << p;
        EXPECT_EQ(r.compliance.at("priority").at(p).met, cm.second) << p;
    }
    for (const auto& [team, cm] : x.compliance_by_team) {
        EXPECT_EQ(r.compliance.at("team").at(team).counted, cm.first) << team;
        EXPECT_EQ(r.compliance.at("team").at(team).met, cm.second) << team;
    }
    EXPECT_EQ(r.bot_resolved, x.fcr);
    EXPECT_EQ(r.known_fix_resolved, x.known_fix);
    EXPECT_EQ(r.resolved, x.resolved);
    EXPECT_EQ(r.reopened, x.reopened);
    EXPECT_EQ(static_cast<long long>(r.breaches.size()), x.breaches);
    for (const auto& [bucket, n] : r.backlog) EXPECT_EQ(n, x.backlog[bucket]) << bucket;
    // Sanity of the simulation itself: every kind of figure is exercised.
    EXPECT_GT(x.breaches, 0);
    EXPECT_GT(x.reopened, 0);
    EXPECT_LT(x.met, x.counted);

    // The dashboard's trends: every day of the month, its tickets by priority and its mean waits.
    ASSERT_EQ(static_cast<long long>(r.daily.size()), (kTo - kFrom) / std::chrono::days{1});
    for (std::size_t d = 0; d < r.daily.size(); ++d) {
        const auto day = static_cast<long long>(d);
        EXPECT_EQ(r.daily[d].day, kFrom + std::chrono::days{day});
        EXPECT_EQ(r.daily[d].by_priority, x.day_priority[day]) << "day " << d;
        EXPECT_EQ(r.daily[d].mtta_wall.count, static_cast<long long>(x.day_ack[day].size())) << "day " << d;
        if (!x.day_ack[day].empty()) {
            EXPECT_DOUBLE_EQ(r.daily[d].mtta_wall.mean, mean(x.day_ack[day])) << "day " << d;
        }
        if (!x.day_res[day].empty()) {
            EXPECT_DOUBLE_EQ(r.daily[d].mttr_wall.mean, mean(x.day_res[day])) << "day " << d;
        }
    }

    // JSON and CSV carry the same figures.
    const json j = report_to_json(r);
    EXPECT_EQ(j["tickets"].get<long long>(), 2000);
    EXPECT_EQ(j["mtta"]["working"]["p90_seconds"].get<long long>(), nearest_rank(x.ack_work, 0.9));
    EXPECT_DOUBLE_EQ(j["first_contact_resolution"]["percent"].get<double>(), 100.0 * static_cast<double>(x.fcr) / 2000.0);
    EXPECT_EQ(j["daily"][0]["day"], "2026-11-01");
    using Counts = std::map<std::string, long long>;
    EXPECT_EQ(j["daily"][3]["by_priority"].get<Counts>(), x.day_priority[3]);
    EXPECT_DOUBLE_EQ(j["daily"][3]["mtta_wall"]["mean_seconds"].get<double>(), mean(x.day_ack[3]));
    const std::string csv = report_to_csv(r);
    EXPECT_NE(csv.find("tickets,all,count,2000\n"), std::string::npos);
    EXPECT_NE(csv.find("mttr,working,median_seconds," + std::to_string(nearest_rank(x.res_work, 0.5)) + "\n"), std::string::npos);

    // One team only: its tickets, no others.
    const Report net = build_report(*tickets, *journal, {kFrom, kTo, kNow, std::string("network-ops")}, sla);
    EXPECT_EQ(net.overall.counted, x.compliance_by_team["network-ops"].first);
    EXPECT_EQ(net.compliance.at("team").size(), 1u);
}

TEST_P(ReportMonth, APeriodIsHalfOpenOrderedByReportTimeTypeAndNumberWithItsJournalInWrittenOrder) {
    TicketRepository& store = backend().tickets();
    std::vector<TicketId> ids;
    // Written in this order: a request and two incidents reported at the same second, one at the
    // period's first second and one at its end (the next period's).
    const std::vector<std::pair<TicketType, TimePoint>> made = {
        {TicketType::request, kFrom + 1h}, {TicketType::incident, kFrom + 1h}, {TicketType::incident, kFrom + 1h},
        {TicketType::incident, kFrom},     {TicketType::incident, kTo},        {TicketType::incident, kFrom - 1s}};
    for (const auto& [type, at] : made) {
        auto id = store.allocate_id(type);
        ASSERT_TRUE(id);
        ASSERT_TRUE(store.save_ticket(sample_ticket(*id, at, "case")));
        ids.push_back(*id);
    }
    // The journal is written across tickets, not ticket by ticket.
    std::vector<std::int64_t> seqs;
    for (std::size_t i : {2u, 0u, 4u, 2u, 3u}) {
        JournalEntry j{0, ids[i], "system", kFrom + 2h, "note", json{{"n", i}}.dump()};
        ASSERT_TRUE(store.append_journal(j));
        if (i != 4u) seqs.push_back(j.seq);
    }
    auto tickets = backend().reports().tickets_reported_between(kFrom, kTo);
    ASSERT_TRUE(tickets) << tickets.error().message;
    std::vector<TicketId> got;
    for (const Ticket& t : *tickets) got.push_back(t.id);
    EXPECT_EQ(got, (std::vector<TicketId>{ids[3], ids[1], ids[2], ids[0]}));
    auto journal = backend().reports().journal_of_tickets_reported_between(kFrom, kTo);
    ASSERT_TRUE(journal) << journal.error().message;
    std::vector<std::int64_t> got_seqs;
    for (const JournalEntry& j : *journal) got_seqs.push_back(j.seq);
    EXPECT_EQ(got_seqs, seqs);
    ASSERT_EQ(journal->size(), 4u);
    EXPECT_EQ((*journal)[0].ticket, ids[2]);
    EXPECT_EQ((*journal)[0].kind, "note");
    EXPECT_EQ((*journal)[0].at, kFrom + 2h);
    EXPECT_EQ(json::parse((*journal)[1].details)["n"], 0);
    auto empty = backend().reports().tickets_reported_between(kTo + 1h, kTo + 2h);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
}

TEST(ReportMonthPure, AnEmptyPeriodReportsZeroesNotNonsense) {
    const Report r = build_report({}, {}, {kFrom, kTo, kNow, std::nullopt}, SlaPolicy{});
    EXPECT_EQ(r.total, 0);
    EXPECT_EQ(r.mttr_wall.count, 0);
    EXPECT_DOUBLE_EQ(r.overall.percent(), 100.0);
    EXPECT_DOUBLE_EQ(r.rate(r.bot_resolved), 0.0);
    EXPECT_NE(report_summary(r).find("0 tickets"), std::string::npos);
}

}  // namespace
}  // namespace frontline
