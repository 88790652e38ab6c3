// The Prometheus text exposition: names, types, cumulative histogram buckets, gauges with labels.
#include <gtest/gtest.h>

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
