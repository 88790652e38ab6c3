#include "adapters/net/http_types.hpp"
#include "adapters/net/url_parts.hpp"

#include <gtest/gtest.h>

namespace frontline::net {
namespace {

TEST(Headers, LookupIgnoresCaseAndSetReplacesAddAppends) {
    Headers h;
    h.add("Set-Cookie", "a=1");
    h.add("set-cookie", "b=2");
    EXPECT_EQ(h.get("SET-COOKIE"), "a=1");
    EXPECT_EQ(h.fields().size(), 2u);
    h.set("SET-cookie", "c=3");
    EXPECT_EQ(h.fields().size(), 1u);
    EXPECT_EQ(h.get("set-cookie"), "c=3");
    h.erase("Set-Cookie");
    EXPECT_TRUE(h.empty());
    EXPECT_FALSE(h.get("x").has_value());
}

TEST(HostPort, SplitsNamesIpv4AndBracketedIpv6) {
    EXPECT_EQ(parse_host_port("127.0.0.1:8080"), (std::pair<std::string, std::uint16_t>{"127.0.0.1", 8080}));
    EXPECT_EQ(parse_host_port("localhost:0"), (std::pair<std::string, std::uint16_t>{"localhost", 0}));
    EXPECT_EQ(parse_host_port("[::1]:443"), (std::pair<std::string, std::uint16_t>{"::1", 443}));
    for (const char* bad : {"", "8080", ":8080", "host:", "host:65536", "host:-1", "::1:80", "[::1]80", "host:80x"})
        EXPECT_FALSE(parse_host_port(bad).has_value()) << bad;
}

TEST(UrlParts, DefaultsPortsAndKeepsTheQuery) {
    auto u = split_url("https://Slack.com/api/chat.postMessage?x=1");
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_EQ(u->scheme, "https");
    EXPECT_TRUE(u->secure);
    EXPECT_EQ(u->port, 443);
    EXPECT_EQ(u->target, "/api/chat.postMessage?x=1");
    EXPECT_EQ(u->host_header(), "Slack.com");
    auto v = split_url("ws://[::1]:8080");
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(v->host, "::1");
    EXPECT_EQ(v->target, "/");
    EXPECT_EQ(v->host_header(), "[::1]:8080");
    EXPECT_EQ(v->origin(), "ws://[::1]:8080");
}

TEST(UrlParts, RefusesOtherSchemesAndRelativeUrls) {
    for (const char* bad : {"ftp://x/", "/relative", "http://", "mailto:a@b", "http://host:0/"})
        EXPECT_FALSE(split_url(bad)) << bad;
}

}  // namespace
}  // namespace frontline::net
