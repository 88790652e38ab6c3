// X-Forwarded-For is believed only from a configured proxy, and only as far as the proxies we
// trust wrote it: a client cannot choose the address the per-address limits count.
#include <gtest/gtest.h>

#include "adapters/net/forwarded_for.hpp"

namespace frontline::net {
namespace {

const std::vector<std::string> kProxies = {"10.0.0.2", "10.0.0.3", "::1"};

TEST(ForwardedFor, FromAnyoneButATrustedProxyThePeerIsTheClient) {
    EXPECT_EQ(client_address("198.51.100.7", {"203.0.113.9"}, kProxies), "198.51.100.7");
    EXPECT_EQ(client_address("198.51.100.7", {}, kProxies), "198.51.100.7");
    EXPECT_EQ(client_address("198.51.100.7", {"203.0.113.9"}, {}), "198.51.100.7");
}

TEST(ForwardedFor, FromATrustedProxyTheRightmostAddressNotAProxyIsTheClient) {
    EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9"}, kProxies), "203.0.113.9");
    // Addresses a client wrote itself are on the left: ignored.
    EXPECT_EQ(client_address("10.0.0.2", {"1.2.3.4, 203.0.113.9"}, kProxies), "203.0.113.9");
    // Two proxies of ours in a row; the header split over two lines.
    EXPECT_EQ(client_address("10.0.0.2", {"1.2.3.4, 203.0.113.9, 10.0.0.3"}, kProxies), "203.0.113.9");
    EXPECT_EQ(client_address("10.0.0.2", {"1.2.3.4", "203.0.113.9 ,10.0.0.3"}, kProxies), "203.0.113.9");
    // A proxy without the header, or one whose header only names proxies: the last proxy.
    EXPECT_EQ(client_address("10.0.0.2", {}, kProxies), "10.0.0.2");
    EXPECT_EQ(client_address("10.0.0.2", {"10.0.0.3"}, kProxies), "10.0.0.3");
    EXPECT_EQ(client_address("10.0.0.2", {" "}, kProxies), "10.0.0.2");
}

TEST(ForwardedFor, MalformedEntriesStopAtTheLastTrustedHop) {
    EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9, not-an-address"}, kProxies), "10.0.0.2");
    EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9:80, 10.0.0.3"}, kProxies), "10.0.0.3");
    EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9, 10.0.0.3, 1.2.3.4:80"}, kProxies), "10.0.0.2");
    EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9, unknown"}, kProxies), "10.0.0.2");
    EXPECT_EQ(client_address("10.0.0.2", {std::string(5000, '1')}, kProxies), "10.0.0.2");
}

TEST(ForwardedFor, AddressesAreComparedInOneForm) {
    EXPECT_EQ(client_address("::ffff:10.0.0.2", {"[2001:db8:0:0::1]"}, kProxies), "2001:db8::1");
    EXPECT_EQ(client_address("0:0:0:0:0:0:0:1", {"203.0.113.9"}, kProxies), "203.0.113.9");
    EXPECT_EQ(normalize_ip(" ::FFFF:192.0.2.1 "), "192.0.2.1");
    EXPECT_EQ(normalize_ip("localhost"), std::nullopt);
    EXPECT_EQ(normalize_ip(""), std::nullopt);
}

}  // namespace
}  // namespace frontline::net
