// The Prometheus text exposition: names, types, cumulative histogram buckets, gauges with labels.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "bot/runtime/metrics.hpp"

namespace frontline {
namespace {

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

TEST(Metrics, RendersCountersHistogramsAndGauges) {
    Metrics m;
    m.events_in += 5;
    m.duplicates_dropped += 1;
    m.batch_size.observe(1);
    m.batch_size.observe(3);
    m.batch_size.observe(1000);
    StoreGauges g;
    g.outbox_depth = {1, 2, 300};
    g.open_tickets[{"in_diagnosis", "P3"}] = 4;
    g.timers_armed = 2;
    const std::string text = m.render(g, {{"webchat", true}, {"slack", false}});

    EXPECT_TRUE(has_line(text, "# TYPE frontline_events_in_total counter"));
    EXPECT_TRUE(has_line(text, "frontline_events_in_total 5"));
    EXPECT_TRUE(has_line(text, "frontline_duplicates_dropped_total 1"));
    EXPECT_TRUE(has_line(text, "# TYPE frontline_batch_size histogram"));
    EXPECT_TRUE(has_line(text, "frontline_batch_size_bucket{le=\"1\"} 1"));
    EXPECT_TRUE(has_line(text, "frontline_batch_size_bucket{le=\"2\"} 1"));
    EXPECT_TRUE(has_line(text, "frontline_batch_size_bucket{le=\"4\"} 2"));
    EXPECT_TRUE(has_line(text, "frontline_batch_size_bucket{le=\"256\"} 2"));
    EXPECT_TRUE(has_line(text, "frontline_batch_size_bucket{le=\"+Inf\"} 3"));
    EXPECT_TRUE(has_line(text, "frontline_batch_size_sum 1004"));
    EXPECT_TRUE(has_line(text, "frontline_batch_size_count 3"));
    EXPECT_TRUE(has_line(text, "# TYPE frontline_commit_seconds histogram"));
    EXPECT_TRUE(has_line(text, "frontline_outbox_depth{priority=\"bulk\"} 300"));
    EXPECT_TRUE(has_line(text, "frontline_open_tickets{status=\"in_diagnosis\",priority=\"P3\"} 4"));
    EXPECT_TRUE(has_line(text, "frontline_timers_armed 2"));
    EXPECT_TRUE(has_line(text, "frontline_adapter_connected{platform=\"slack\"} 0"));
    // Every sample line belongs to a declared metric of ours.
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line[0] != '#') {
            EXPECT_EQ(line.rfind("frontline_", 0), 0u) << line;
        }
    }
}

TEST(Metrics, LabelValuesAreEscaped) {
    Metrics m;
    StoreGauges g;
    g.open_tickets[{"odd\"status\\", "P1"}] = 1;
    const std::string text = m.render(g, {});
    EXPECT_NE(text.find(R"(status="odd\"status\\")"), std::string::npos);
}

}  // namespace
}  // namespace frontline

namespace frontline {
namespace {

/// A small parser of the Prometheus text format (0.0.4), strict where the format is: every sample
/// of a declared family (HELP and TYPE before it), names and label names of the allowed alphabet,
/// label values quoted with \\, \" and \n the only escapes, histograms with cumulative _bucket lines
/// ending at le="+Inf" equal to _count, and _sum and _count per series.
struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct Exposition {
    std::map<std::string, std::string> types;  // family -> counter|gauge|histogram
    std::vector<Sample> samples;
    std::vector<std::string> errors;
};

bool valid_name(const std::string& s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != ':') return false;
    return true;
}

Exposition parse_exposition(const std::string& text) {
    Exposition x;
    std::set<std::string> helped;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        if (line.rfind("# HELP ", 0) == 0) {
            const std::string name = line.substr(7, line.find(' ', 7) - 7);
            if (!valid_name(name) || !helped.insert(name).second) x.errors.push_back("bad or repeated HELP: " + line);
            continue;
        }
        if (line.rfind("# TYPE ", 0) == 0) {
            std::istringstream in(line.substr(7));
            std::string name, type;
            in >> name >> type;
            if (!helped.count(name)) x.errors.push_back("TYPE before HELP: " + line);
            if (type != "counter" && type != "gauge" && type != "histogram") x.errors.push_back("type: " + line);
            if (x.types.count(name)) x.errors.push_back("TYPE twice: " + line);
            x.types[name] = type;
            continue;
        }
        if (line[0] == '#') continue;
        Sample s;
        std::size_t i = 0;
        while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
        s.name = line.substr(0, i);
        if (!valid_name(s.name)) x.errors.push_back("name: " + line);
        if (i < line.size() && line[i] == '{') {
            ++i;
            while (i < line.size() && line[i] != '}') {
                const std::size_t eq = line.find('=', i);
                if (eq == std::string::npos || eq + 1 >= line.size() || line[eq + 1] != '"') {
                    x.errors.push_back("label: " + line);
                    break;
                }
                const std::string label = line.substr(i, eq - i);
                if (!valid_name(label) || label.rfind("__", 0) == 0) x.errors.push_back("label name: " + line);
                std::string value;
                std::size_t j = eq + 2;
                for (; j < line.size() && line[j] != '"'; ++j) {
                    if (line[j] == '\\') {
                        ++j;
                        if (j >= line.size() || (line[j] != '\\' && line[j] != '"' && line[j] != 'n')) x.errors.push_back("escape: " + line);
                        value += j < line.size() && line[j] == 'n' ? '\n' : line[j];
                    } else {
                        value += line[j];
                    }
                }
                if (j >= line.size()) {
                    x.errors.push_back("unterminated value: " + line);
                    break;
                }
                s.labels[label] = value;
                i = j + 1;
                if (i < line.size() && line[i] == ',') ++i;
            }
            ++i;  // '}'
        }
        if (i >= line.size() || line[i] != ' ') {
            x.errors.push_back("no value: " + line);
            continue;
        }
        const std::string value = line.substr(i + 1);
        if (value == "+Inf") s.value = INFINITY;
        else {
            char* end = nullptr;
            s.value = std::strtod(value.c_str(), &end);
            if (!end || *end != '\0') x.errors.push_back("value: " + line);
        }
        std::string family = s.name;
        for (const char* suffix : {"_bucket", "_sum", "_count"})
            if (family.size() > std::strlen(suffix) && family.ends_with(suffix) &&
                x.types.count(family.substr(0, family.size() - std::strlen(suffix))) &&
                x.types[family.substr(0, family.size() - std::strlen(suffix))] == "histogram")
                family = family.substr(0, family.size() - std::strlen(suffix));
        if (!x.types.count(family)) x.errors.push_back("sample of an undeclared family: " + line);
        else if (x.types[family] == "counter" && !s.name.ends_with("_total")) x.errors.push_back("counter without _total: " + line);
        x.samples.push_back(std::move(s));
    }
    // Histograms: per series (labels without le), buckets ascending in le and cumulative, +Inf == _count.
    for (const auto& [family, type] : x.types) {
        if (type != "histogram") continue;
        std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> buckets;
        std::map<std::map<std::string, std::string>, double> counts;
        std::map<std::map<std::string, std::string>, int> sums;
        for (const auto& s : x.samples) {
            auto labels = s.labels;
            if (s.name == family + "_bucket") {
                if (!labels.count("le")) x.errors.push_back(family + ": bucket without le");
                const std::string le = labels["le"];
                labels.erase("le");
                buckets[labels].emplace_back(le == "+Inf" ? INFINITY : std::strtod(le.c_str(), nullptr), s.value);
            } else if (s.name == family + "_count") {
                counts[labels] = s.value;
            } else if (s.name == family + "_sum") {
                ++sums[labels];
            }
        }
        for (const auto& [labels, series] : buckets) {
            for (std::size_t i = 1; i < series.size(); ++i) {
                if (!(series[i].first > series[i - 1].first)) x.errors.push_back(family + ": le not ascending");
                if (series[i].second < series[i - 1].second) x.errors.push_back(family + ": buckets not cumulative");
            }
            if (series.empty() || !std::isinf(series.back().first)) x.errors.push_back(family + ": no +Inf bucket");
            else if (!counts.count(labels) || counts[labels] != series.back().second) x.errors.push_back(family + ": +Inf != _count");
            if (sums[labels] != 1) x.errors.push_back(family + ": _sum missing or repeated");
        }
    }
    return x;
}

double value_of(const Exposition& x, const std::string& name, const std::map<std::string, std::string>& labels) {
    for (const auto& s : x.samples)
        if (s.name == name && s.labels == labels) return s.value;
    return -1;
}

TEST(Metrics, TheExpositionParsesAsPrometheusTextFormat) {
    Metrics m;
    m.events_in += 3;
    m.commit_seconds.observe(0.002);
    StoreGauges g;
    g.outbox_depth = {0, 4, 1};
    g.outbox_failed["slack"] = 2;
    g.open_tickets[{"escalated", "P2"}] = 1;
    g.tickets.opened[{"incident", "net\"work\\\nodd", "P2"}] = 5;
    g.tickets.opened[{"request", "uncategorised", "P4"}] = 1;
    DurationBuckets claim;
    claim.count = 3;
    claim.sum = 700;
    for (long long b : time_to_claim_bounds()) claim.at_or_below.push_back(b < 300 ? 1 : b < 3600 ? 2 : 3);
    g.tickets.time_to_claim["P2"] = claim;
    DurationBuckets resolve;
    resolve.count = 1;
    resolve.sum = 7200;
    for (long long b : time_to_resolve_bounds()) resolve.at_or_below.push_back(b >= 7200 ? 1 : 0);
    g.tickets.time_to_resolve["P3"] = resolve;
    g.tickets.breaches[{"response", "P2"}] = 2;
    g.tickets.bot_resolutions = 7;
    const auto x = parse_exposition(m.render(g, {{"webchat", true}, {"telegram", false}}));

    for (const auto& e : x.errors) ADD_FAILURE() << e;
    EXPECT_EQ(x.types.at("frontline_tickets_opened_total"), "counter");
    EXPECT_EQ(x.types.at("frontline_time_to_claim_seconds"), "histogram");
    EXPECT_EQ(x.types.at("frontline_time_to_resolve_seconds"), "histogram");
    EXPECT_EQ(x.types.at("frontline_sla_breaches_total"), "counter");
    EXPECT_EQ(x.types.at("frontline_bot_resolutions_total"), "counter");
    EXPECT_EQ(x.types.at("frontline_outbox_failures_total"), "counter");
    EXPECT_EQ(x.types.at("frontline_outbox_depth"), "gauge");
    EXPECT_EQ(x.types.at("frontline_adapter_connected"), "gauge");
    // A label value with a quote, a backslash and a newline comes back as it went in.
    EXPECT_EQ(value_of(x, "frontline_tickets_opened_total", {{"type", "incident"}, {"category", "net\"work\\\nodd"}, {"priority", "P2"}}), 5);
    EXPECT_EQ(value_of(x, "frontline_time_to_claim_seconds_bucket", {{"priority", "P2"}, {"le", "60"}}), 1);
    EXPECT_EQ(value_of(x, "frontline_time_to_claim_seconds_bucket", {{"priority", "P2"}, {"le", "1800"}}), 2);
    EXPECT_EQ(value_of(x, "frontline_time_to_claim_seconds_bucket", {{"priority", "P2"}, {"le", "+Inf"}}), 3);
    EXPECT_EQ(value_of(x, "frontline_time_to_claim_seconds_sum", {{"priority", "P2"}}), 700);
    EXPECT_EQ(value_of(x, "frontline_time_to_resolve_seconds_bucket", {{"priority", "P3"}, {"le", "3600"}}), 0);
    EXPECT_EQ(value_of(x, "frontline_time_to_resolve_seconds_bucket", {{"priority", "P3"}, {"le", "7200"}}), 1);
    EXPECT_EQ(value_of(x, "frontline_sla_breaches_total", {{"clock", "response"}, {"priority", "P2"}}), 2);
    EXPECT_EQ(value_of(x, "frontline_bot_resolutions_total", {}), 7);
    EXPECT_EQ(value_of(x, "frontline_outbox_failures_total", {{"platform", "slack"}}), 2);
    EXPECT_EQ(value_of(x, "frontline_adapter_connected", {{"platform", "telegram"}}), 0);
}

TEST(Metrics, TheParserCatchesWhatPrometheusWouldRefuse) {
    EXPECT_FALSE(parse_exposition("frontline_x 1\n").errors.empty());  // no HELP/TYPE
    EXPECT_FALSE(parse_exposition("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")
                     .errors.empty());  // not cumulative
    EXPECT_FALSE(parse_exposition("# HELP c_total x\n# TYPE c_total counter\nc_total{a=\"\\q\"} 1\n").errors.empty());  // bad escape
    EXPECT_FALSE(parse_exposition("# HELP c x\n# TYPE c counter\nc 1\n").errors.empty());  // counter without _total
    EXPECT_TRUE(parse_exposition("# HELP c_total x\n# TYPE c_total counter\nc_total{a=\"\\\"\"} 1\n").errors.empty());
}

}  // namespace
}  // namespace frontline
