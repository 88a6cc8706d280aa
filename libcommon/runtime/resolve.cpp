#include "libcommon/runtime/resolve.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

namespace disco::runtime {

std::optional<std::string> resolve_host(const std::string& host) {
  std::string bare = host;
  if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
  boost::system::error_code ec;
  auto literal = boost::asio::ip::make_address(bare, ec);
  if (!ec) return literal.to_string();
  boost::asio::io_context io;
  boost::asio::ip::udp::resolver resolver(io);
  auto results = resolver.resolve(bare, "", ec);
  if (ec || results.empty()) return std::nullopt;
  return results.begin()->endpoint().address().to_string();
}

}  // namespace disco::runtime
