#include "core/priority_matrix.hpp"

#include <nlohmann/json.hpp>

namespace frontline {
namespace {
std::size_t idx(Level l) { return static_cast<std::size_t>(l); }
}  // namespace

PriorityMatrix::PriorityMatrix() {
    using L = Level;
    using P = Priority;
    set(L::high, L::high, P::p1);
    set(L::high, L::medium, P::p2);
    set(L::medium, L::high, P::p2);
    set(L::medium, L::medium, P::p3);
    set(L::high, L::low, P::p3);
    set(L::low, L::high, P::p3);
    set(L::medium, L::low, P::p4);
    set(L::low, L::medium, P::p4);
    set(L::low, L::low, P::p4);
}

Result<PriorityMatrix> PriorityMatrix::from_json(const nlohmann::json& j) {
    if (!j.is_object()) return make_error(Errc::parse, "priority_matrix: expected an object keyed by impact");
    PriorityMatrix m;
    for (Level impact : {Level::high, Level::medium, Level::low}) {
        const std::string ik(to_string(impact));
        if (!j.contains(ik) || !j[ik].is_object())
            return make_error(Errc::parse, "priority_matrix." + ik + ": missing row for impact " + ik);
        for (Level urgency : {Level::high, Level::medium, Level::low}) {
            const std::string uk(to_string(urgency));
            const auto& row = j[ik];
            if (!row.contains(uk) || !row[uk].is_string())
                return make_error(Errc::parse, "priority_matrix." + ik + "." + uk + ": missing priority (P1..P4)");
            auto p = parse_priority(row[uk].get<std::string>());
            if (!p) return make_error(Errc::parse, "priority_matrix." + ik + "." + uk + ": " + p.error().message);
            m.set(impact, urgency, *p);
        }
    }
    return m;
}

Priority PriorityMatrix::priority(Level impact, Level urgency) const { return cells_[idx(impact)][idx(urgency)]; }

void PriorityMatrix::set(Level impact, Level urgency, Priority p) { cells_[idx(impact)][idx(urgency)] = p; }

}  // namespace frontline
