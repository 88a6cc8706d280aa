#pragma once
// What a Node engine needs from its environment (the libtorrent-DHT pattern: the engine owns no
// socket and no timer). runtime/ implements it over TLS links; tests/sim over a simulated network.

#include <cstdint>
#include <optional>
#include <string_view>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/reload/msg/common.hpp"

namespace disco::overlay {

using LinkId = std::uint64_t;

enum class LogLevel : std::uint8_t { debug, info, warn, error };

class NodeHost {
 public:
  virtual ~NodeHost() = default;
  // One whole RELOAD message for the link; framing (s6.6.2) is the link's business.
  virtual void send(LinkId link, base::Bytes message) = 0;
  // Open an authenticated link to `address`. The host later calls Node::on_link_up with the Node-ID
  // the peer's certificate proves (which must be `expected` when given), or on_connect_failed.
  virtual void connect(std::uint64_t attempt, const reload::msg::IpAddressPort& address,
                       std::optional<reload::NodeId> expected) = 0;
  virtual void close(LinkId link) = 0;
  // Milliseconds since the Unix epoch, for storage_time (s7) and PingAns.time (s6.5.4).
  [[nodiscard]] virtual std::uint64_t unix_ms() = 0;
  // Transaction ids and response ids (s6.3.2: random 64-bit).
  virtual std::uint64_t random_u64() = 0;
  virtual void log(LogLevel level, std::string_view text) {
    (void)level;
    (void)text;
  }
};

}  // namespace disco::overlay
