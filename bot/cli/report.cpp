#include "bot/cli/report.hpp"

#include <ostream>

#include <nlohmann/json.hpp>

#include "bot/cli/existing_store.hpp"
#include "bot/config/core_settings.hpp"
#include "core/report.hpp"
#include "core/store/store.hpp"

namespace frontline {

int run_report(const Config& config, const ReportQuery& q, TimePoint now, std::ostream& out, std::ostream& err) {
    if (q.json && q.csv) {
        err << "frontline: report takes --json or --csv, not both\n";
        return 2;
    }
    auto period = report_period(q.from, q.to, q.team, now);
    if (!period) {
        err << "frontline: --" << period.error().message << "\n";
        return 2;
    }
    auto core = load_core_settings(config);
    if (!core) {
        err << "frontline: " << core.error().message << "\n";
        return 2;
    }
    auto store = open_existing_store(config);
    if (!store) {
        err << "frontline: " << store.error().message << "\n";
        return 1;
    }
    ReportSource& source = **store;
    auto tickets = source.tickets_reported_between(period->from, period->to);
    if (!tickets) {
        err << "frontline: " << tickets.error().message << "\n";
        return 1;
    }
    auto journal = source.journal_of_tickets_reported_between(period->from, period->to);
    if (!journal) {
        err << "frontline: " << journal.error().message << "\n";
        return 1;
    }
    const Report r = build_report(*tickets, *journal, *period, core->sla);
    if (q.json) out << report_to_json(r).dump(2) << "\n";
    else if (q.csv) out << report_to_csv(r);
    else out << report_summary(r) << "\n";
    return 0;
}

}  // namespace frontline
