#include "libcommon/sip/transaction/peer.hpp"

namespace disco::sip {

std::string_view to_string(Transport t) { return t == Transport::udp ? "udp" : "tcp"; }

std::string to_string(const Peer& p) {
  return std::string(to_string(p.transport)) + ":" + p.host + ":" + std::to_string(p.port);
}

}  // namespace disco::sip
