#pragma once
// Writes classic libpcap files of raw IPv4 packets (LINKTYPE_RAW) so that tshark can dissect bytes
// our codecs produced, as if they had crossed a network: UDP datagrams and TCP flows with a real
// three-way handshake and consistent sequence numbers.

#include <cstdint>
#include <fstream>
#include <string>

#include "libcommon/base/bytes.hpp"

namespace disco::test {

struct Endpoint {
  std::uint32_t ip = 0x7f000001;  // 127.0.0.1
  std::uint16_t port = 0;
};

class PcapWriter {
 public:
  explicit PcapWriter(const std::string& path);

  void udp(Endpoint from, Endpoint to, base::BytesView payload);

  class TcpFlow {
   public:
    // Segments from the connecting side (client=true) or the accepting side.
    void send(bool from_client, base::BytesView payload);

   private:
    friend class PcapWriter;
    TcpFlow(PcapWriter* w, Endpoint client, Endpoint server);
    PcapWriter* w_;
    Endpoint client_, server_;
    std::uint32_t client_seq_ = 1000, server_seq_ = 5000;
  };
  TcpFlow tcp(Endpoint client, Endpoint server);

 private:
  void tcp_segment(Endpoint from, Endpoint to, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                   base::BytesView payload);
  void packet(std::uint8_t protocol, Endpoint from, Endpoint to, const base::Bytes& transport);
  std::ofstream out_;
  std::uint32_t clock_us_ = 0;
  std::uint16_t ip_id_ = 1;
};

}  // namespace disco::test
