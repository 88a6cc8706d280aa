// RFC 4475 torture messages (tests/vectors/sip/): every message has the outcome recorded in
// tests/vectors/sip/README.md, and the valid ones carry the fields the RFC describes.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/event.hpp"
#include "libcommon/sip/msg/list.hpp"
#include "libcommon/sip/msg/media_type.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/response.hpp"
#include "libcommon/sip/msg/scalar_headers.hpp"
#include "libcommon/sip/msg/serializer.hpp"
#include "libcommon/sip/msg/uri.hpp"
#include "libcommon/sip/msg/validate.hpp"
#include "libcommon/sip/msg/via.hpp"
#include "tests/support/vectors.hpp"

namespace disco::sip {
namespace {

enum class Stage { valid, parse, validate };

struct Expected {
  explicit Expected(std::string f, Stage s = Stage::valid, errc e = {}, std::string h = {}, int a = 0)
      : file(std::move(f)), stage(s), error(e), header(std::move(h)), answer(a) {}
  std::string file;
  Stage stage;
  errc error;
  std::string header;
  int answer;  // 0: no response is due
};

// The outcome table, as in tests/vectors/sip/README.md (the test below checks they agree).
const std::vector<Expected>& expectations() {
  static const std::vector<Expected> table{
      Expected{"3.1.1.1-wsinv.sip"},
      Expected{"3.1.1.2-intmeth.sip"},
      Expected{"3.1.1.3-esc01.sip"},
      Expected{"3.1.1.4-escnull.sip"},
      Expected{"3.1.1.5-esc02.sip"},
      Expected{"3.1.1.6-lwsdisp.sip"},
      Expected{"3.1.1.7-longreq.sip"},
      Expected{"3.1.1.8-dblreq.sip"},
      Expected{"3.1.1.9-semiuri.sip"},
      Expected{"3.1.1.10-transports.sip"},
      Expected{"3.1.1.11-mpart01.sip"},
      Expected{"3.1.1.12-unreason.sip"},
      Expected{"3.1.1.13-noreason.sip"},
      Expected{"3.1.2.1-badinv01.sip", Stage::validate, errc::empty_list_element, "Via", 400},
      Expected{"3.1.2.2-clerr.sip", Stage::parse, errc::body_truncated, "Content-Length", 400},
      Expected{"3.1.2.3-ncl.sip", Stage::parse, errc::invalid_content_length, "Content-Length", 400},
      Expected{"3.1.2.4-scalar02.sip", Stage::validate, errc::invalid_cseq, "CSeq", 400},
      Expected{"3.1.2.5-scalarlg.sip", Stage::validate, errc::invalid_cseq, "CSeq", 0},
      Expected{"3.1.2.6-quotbal.sip", Stage::validate, errc::unterminated_quote, "To", 400},
      Expected{"3.1.2.7-ltgtruri.sip", Stage::validate, errc::invalid_uri, "Request-URI", 400},
      Expected{"3.1.2.8-lwsruri.sip", Stage::parse, errc::invalid_request_line, "", 400},
      Expected{"3.1.2.9-lwsstart.sip", Stage::parse, errc::invalid_request_line, "", 400},
      Expected{"3.1.2.10-trws.sip", Stage::parse, errc::invalid_request_line, "", 400},
      Expected{"3.1.2.11-escruri.sip", Stage::validate, errc::headers_not_allowed_in_uri, "Request-URI", 400},
      Expected{"3.1.2.12-baddate.sip"},
      Expected{"3.1.2.13-regbadct.sip", Stage::validate, errc::uri_needs_angle_brackets, "Contact", 400},
      Expected{"3.1.2.14-badaspec.sip", Stage::validate, errc::invalid_uri, "To", 400},
      Expected{"3.1.2.15-baddn.sip", Stage::validate, errc::invalid_display_name, "To", 400},
      Expected{"3.1.2.16-badvers.sip", Stage::validate, errc::unsupported_version, "", 505},
      Expected{"3.1.2.17-mismatch01.sip", Stage::validate, errc::cseq_method_mismatch, "CSeq", 400},
      Expected{"3.1.2.18-mismatch02.sip", Stage::validate, errc::cseq_method_mismatch, "CSeq", 400},
      Expected{"3.1.2.19-bigcode.sip", Stage::parse, errc::invalid_status_code, "", 0},
      Expected{"3.2.1-badbranch.sip"},
      Expected{"3.3.1-insuf.sip", Stage::validate, errc::missing_header, "To", 400},
      Expected{"3.3.2-unkscm.sip"},
      Expected{"3.3.3-novelsc.sip"},
      Expected{"3.3.4-unksm2.sip"},
      Expected{"3.3.5-bext01.sip"},
      Expected{"3.3.6-invut.sip"},
      Expected{"3.3.7-regaut01.sip"},
      Expected{"3.3.8-multi01.sip", Stage::validate, errc::duplicate_header, "To", 400},
      Expected{"3.3.9-mcl01.sip", Stage::parse, errc::duplicate_content_length, "Content-Length", 400},
      Expected{"3.3.10-bcast.sip"},
      Expected{"3.3.11-zeromf.sip"},
      Expected{"3.3.12-cparam01.sip"},
      Expected{"3.3.13-cparam02.sip"},
      Expected{"3.3.14-regescrt.sip"},
      Expected{"3.3.15-sdp01.sip"},
      Expected{"3.4.1-inv2543.sip"},
      Expected{"A-test.sip", Stage::parse, errc::invalid_request_line, "", 0},
  };
  return table;
}

std::string load(std::string_view file) { return test::load_raw_vector("sip/" + std::string(file)); }

// A message that parses and validates.
Message valid(std::string_view file) {
  auto m = parse_message(load(file));
  EXPECT_TRUE(m) << file << ": " << (m ? "" : m.error().message());
  if (!m) return {};
  const auto problem = validate(*m);
  EXPECT_FALSE(problem) << file << ": " << problem->message();
  return *m;
}

TEST(Rfc4475, EveryArchiveMessageIsAFixtureWithAnExpectation) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(test::vector_path("sip")))
    if (entry.path().extension() == ".sip") on_disk.insert(entry.path().filename().string());
  std::set<std::string> expected;
  for (const Expected& e : expectations()) expected.insert(e.file);
  EXPECT_EQ(on_disk, expected);
  EXPECT_EQ(on_disk.size(), 50u);  // RFC 4475 Appendix A holds 50 files, 49 of them named by a section
}

TEST(Rfc4475, TheReadmeTableRecordsTheSameOutcomes) {
  static const std::map<std::string, errc> names{
      {"empty_list_element", errc::empty_list_element},
      {"body_truncated", errc::body_truncated},
      {"invalid_content_length", errc::invalid_content_length},
      {"invalid_cseq", errc::invalid_cseq},
      {"unterminated_quote", errc::unterminated_quote},
      {"invalid_uri", errc::invalid_uri},
      {"invalid_request_line", errc::invalid_request_line},
      {"headers_not_allowed_in_uri", errc::headers_not_allowed_in_uri},
      {"uri_needs_angle_brackets", errc::uri_needs_angle_brackets},
      {"invalid_display_name", errc::invalid_display_name},
      {"unsupported_version", errc::unsupported_version},
      {"cseq_method_mismatch", errc::cseq_method_mismatch},
      {"invalid_status_code", errc::invalid_status_code},
      {"missing_header", errc::missing_header},
      {"duplicate_header", errc::duplicate_header},
      {"duplicate_content_length", errc::duplicate_content_length},
  };
  std::istringstream readme(load("README.md"));
  std::map<std::string, Expected> rows;
  for (std::string line; std::getline(readme, line);) {
    if (line.rfind("| ", 0) != 0 || line.find(".sip |") == std::string::npos) continue;
    std::vector<std::string> cells;
    std::istringstream cols(line.substr(1));
    for (std::string cell; std::getline(cols, cell, '|');) {
      const auto b = cell.find_first_not_of(' ');
      const auto e = cell.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    ASSERT_GE(cells.size(), 4u) << line;
    Expected row{cells[0]};
    if (cells[1] == "invalid: parse") row.stage = Stage::parse;
    if (cells[1] == "invalid: validate") row.stage = Stage::validate;
    if (row.stage != Stage::valid) {
      const std::string& err = cells[2];
      const auto paren = err.find(" (");
      const std::string name = err.substr(0, paren);
      ASSERT_TRUE(names.contains(name)) << line;
      row.error = names.at(name);
      if (paren != std::string::npos) row.header = err.substr(paren + 2, err.size() - paren - 3);
      row.answer = cells[3] == "none" ? 0 : std::stoi(cells[3]);
    }
    rows.insert_or_assign(row.file, row);
  }
  ASSERT_EQ(rows.size(), expectations().size());
  for (const Expected& e : expectations()) {
    ASSERT_TRUE(rows.contains(e.file)) << e.file;
    const Expected& r = rows.at(e.file);
    EXPECT_EQ(r.stage, e.stage) << e.file;
    EXPECT_EQ(r.error, e.error) << e.file;
    EXPECT_EQ(r.header, e.header) << e.file;
    EXPECT_EQ(r.answer, e.answer) << e.file;
  }
}

TEST(Rfc4475, EveryMessageHasItsRecordedOutcome) {
  for (const Expected& e : expectations()) {
    SCOPED_TRACE(e.file);
    const std::string raw = load(e.file);
    auto parsed = parse_message(raw);
    if (e.stage == Stage::parse) {
      ASSERT_FALSE(parsed);
      EXPECT_EQ(parsed.error().code, e.error) << parsed.error().message();
      EXPECT_EQ(parsed.error().header, e.header);
      auto answer = response_to_unparseable(base::as_bytes(raw), parsed.error(), "t1");
      ASSERT_EQ(answer.has_value(), e.answer != 0);
      if (answer) EXPECT_EQ(answer->status_line()->code, e.answer);
      continue;
    }
    ASSERT_TRUE(parsed) << parsed.error().message();
    const auto problem = validate(*parsed);
    if (e.stage == Stage::valid) {
      EXPECT_FALSE(problem) << problem->message();
      continue;
    }
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->code, e.error) << problem->message();
    EXPECT_EQ(problem->header, e.header);
    auto answer = response_to_invalid(*parsed, *problem, "t1");
    ASSERT_EQ(answer.has_value(), e.answer != 0);
    if (answer) EXPECT_EQ(answer->status_line()->code, e.answer);
  }
}

TEST(Rfc4475, EveryParsedMessageRoundTrips) {
  for (const Expected& e : expectations()) {
    auto m = parse_message(load(e.file));
    if (!m) continue;
    auto again = parse_message(to_string(*m));
    ASSERT_TRUE(again) << e.file << ": " << again.error().message();
    EXPECT_EQ(*again, *m) << e.file;
    EXPECT_EQ(to_string(*again), to_string(*m)) << e.file;
  }
}

TEST(Rfc4475, BadRequestNamesTheProblemAndCopiesWhatItCan) {
  auto m = parse_message(load("3.1.2.6-quotbal.sip"));
  ASSERT_TRUE(m);
  auto answer = response_to_invalid(*m, *validate(*m), "t1");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status_line()->reason, "Bad Request (To: unterminated quoted string)");
  EXPECT_EQ(*answer->find("Via"), "SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234");
  EXPECT_EQ(*answer->find("Call-ID"), "quotbal.aksdj");
  // The To cannot be parsed, so no tag is added to it.
  EXPECT_EQ(*answer->find("To"), "\"Mr. J. User <sip:j.user@example.com>");

  auto insuf = parse_message(load("3.3.1-insuf.sip"));
  ASSERT_TRUE(insuf);
  auto reply = response_to_invalid(*insuf, *validate(*insuf));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status_line()->reason, "Bad Request (To: missing header field)");
  EXPECT_TRUE(reply->has("Via"));
  EXPECT_EQ(*reply->find("CSeq"), "193942 INVITE");
  EXPECT_FALSE(reply->has("From"));

  const std::string lwsstart = load("3.1.2.9-lwsstart.sip");
  auto bad = parse_message(lwsstart);
  ASSERT_FALSE(bad);
  auto unparsed = response_to_unparseable(base::as_bytes(lwsstart), bad.error(), "t9");
  ASSERT_TRUE(unparsed);
  EXPECT_EQ(unparsed->status_line()->reason, "Bad Request (malformed Request-Line)");
  EXPECT_EQ(*unparsed->find("To"), "sip:user@example.com;tag=t9");
  EXPECT_EQ(*unparsed->find("CSeq"), "1893884 INVITE");
}

TEST(Rfc4475, ShortTortuousInvite) {
  const Message m = valid("3.1.1.1-wsinv.sip");
  EXPECT_EQ(m.request_line()->method, "INVITE");
  auto ruri = parse_uri(m.request_line()->uri);
  ASSERT_TRUE(ruri);
  EXPECT_EQ(ruri->user, "vivekg");
  EXPECT_EQ(ruri->host, "chair-dnrc.example.com");
  EXPECT_TRUE(has_param(ruri->params, "unknownparam"));
  auto to = parse_to(m);
  ASSERT_TRUE(to);
  EXPECT_EQ(to->tag(), "1918181833n");
  EXPECT_FALSE(to->display_name);
  auto from = parse_from(m);
  ASSERT_TRUE(from);
  EXPECT_EQ(from->display_name, "J Rosenberg \\\"");
  EXPECT_EQ(from->tag(), "98asjd8");
  EXPECT_EQ(*parse_max_forwards(*m.find("Max-Forwards")), 68);
  EXPECT_EQ(*parse_cseq(*m.find("CSeq")), (CSeq{9, "INVITE"}));
  auto vias = parse_vias(m);
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 3u);
  EXPECT_EQ((*vias)[0].transport, "UDP");
  EXPECT_EQ((*vias)[0].host, "192.0.2.2");
  EXPECT_EQ((*vias)[0].branch(), "390skdjuw");
  EXPECT_EQ((*vias)[1].transport, "TCP");
  EXPECT_EQ((*vias)[1].host, "spindle.example.com");
  EXPECT_EQ((*vias)[1].branch(), "z9hG4bK9ikj8");
  EXPECT_EQ((*vias)[2].host, "192.168.255.111");
  EXPECT_EQ((*vias)[2].branch(), "z9hG4bK30239");
  ASSERT_NE(m.find("Subject"), nullptr);  // "s :" with an empty value
  EXPECT_EQ(*m.find("Subject"), "");
  EXPECT_EQ(*m.find("NewFangledHeader"), "newfangled value continued newfangled value");
  EXPECT_EQ(*m.find("UnknownHeaderWithUnusualValue"), ";;,,;;,;");
  EXPECT_TRUE(parse_media_type(*m.find("Content-Type"))->is("application", "sdp"));
  auto route = parse_route_set(m, "Route");
  ASSERT_TRUE(route);
  ASSERT_EQ(route->size(), 1u);
  EXPECT_TRUE((*route)[0].uri.lr());
  EXPECT_EQ(param_value((*route)[0].uri.params, "unknownwith"), "value");
  auto contacts = parse_contacts(m);
  ASSERT_TRUE(contacts);
  ASSERT_EQ(contacts->addresses.size(), 1u);
  const NameAddr& c = contacts->addresses[0];
  EXPECT_EQ(c.display_name, "Quoted string \"\"");
  EXPECT_EQ(param_value(c.params, "newparam"), "newvalue");
  EXPECT_TRUE(has_param(c.params, "secondparam"));
  EXPECT_EQ(param_value(c.params, "q"), "0.33");
  EXPECT_EQ(m.body.size(), 150u);
}

TEST(Rfc4475, WideRangeOfValidCharacters) {
  const Message m = valid("3.1.1.2-intmeth.sip");
  const std::string method = "!interesting-Method0123456789_*+`.%indeed'~";
  EXPECT_EQ(m.request_line()->method, method);
  auto ruri = parse_uri(m.request_line()->uri);
  ASSERT_TRUE(ruri);
  EXPECT_EQ(ruri->user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_EQ(ruri->password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  EXPECT_EQ(ruri->host, "example.com");
  auto to = parse_to(m);
  ASSERT_TRUE(to);
  EXPECT_EQ(to->display_name, std::string("BEL:\x07 NUL:\0 DEL:\x7f", 17));
  auto from = parse_from(m);
  ASSERT_TRUE(from);
  EXPECT_EQ(from->display_name, "token1~` token2'+_ token3*%!.-");
  EXPECT_EQ(from->tag(), "_token~1'+`*%!-.");
  EXPECT_EQ(param_value(from->params, "fromParam''~+*_!.-%"),
            "\xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd0\xb0\xd1\x8e\xd1\x89\xd0\xb8\xd0\xb9");
  EXPECT_EQ(*parse_call_id(*m.find("Call-ID")), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  EXPECT_EQ(parse_cseq(*m.find("CSeq"))->method, method);
  EXPECT_EQ(*parse_max_forwards(*m.find("Max-Forwards")), 255);
  EXPECT_EQ(*m.find("extensionHeader-!.%*+_`'~"), "\xef\xbb\xbf\xe5\xa4\xa7\xe5\x81\x9c\xe9\x9b\xbb");
  EXPECT_EQ(parse_vias(m)->front().branch(), "z9hG4bK-.!%66*_+`'~");
}

TEST(Rfc4475, EscapesAreResolvedOnce) {
  const Message m = valid("3.1.1.3-esc01.sip");
  auto ruri = parse_uri(m.request_line()->uri);
  ASSERT_TRUE(ruri);
  EXPECT_EQ(ruri->user, "sips:user@example.com");
  EXPECT_EQ(ruri->host, "example.net");
  EXPECT_EQ(parse_to(m)->uri.user, "user");
  EXPECT_EQ(parse_from(m)->uri.user, "I have spaces");
  EXPECT_TRUE(m.has("Content-Type"));  // "C:"
  auto contacts = parse_contacts(m);
  ASSERT_TRUE(contacts);
  const Uri& c = contacts->addresses.at(0).uri;
  EXPECT_EQ(c.user, "caller");
  EXPECT_TRUE(c.lr());
  EXPECT_EQ(param_value(c.params, "name"), "value%41");  // not "valueA"
  // Escaping is representation only: the escaped and plain forms are the same URI (s19.1.4).
  EXPECT_TRUE(equivalent(*parse_uri("sip:user@example.com"), parse_to(m)->uri));
}

TEST(Rfc4475, EscapedNullsInUris) {
  const Message m = valid("3.1.1.4-escnull.sip");
  EXPECT_EQ(parse_to(m)->uri.user, std::string("null-\0-null", 11));
  auto contacts = parse_contacts(m);
  ASSERT_TRUE(contacts);
  ASSERT_EQ(contacts->addresses.size(), 2u);
  EXPECT_EQ(contacts->addresses[0].uri.user, std::string(1, '\0'));
  EXPECT_EQ(contacts->addresses[1].uri.user, std::string(2, '\0'));
  EXPECT_FALSE(equivalent(contacts->addresses[0].uri, contacts->addresses[1].uri));
}

TEST(Rfc4475, PercentOutsideEscapes) {
  const Message m = valid("3.1.1.5-esc02.sip");
  EXPECT_EQ(m.request_line()->method, "RE%47IST%45R");
  EXPECT_EQ(parse_to(m)->display_name, "%Z%45");
  EXPECT_EQ(parse_vias(m)->front().branch(), "z9hG4bK209%fzsnel234");
  EXPECT_EQ(parse_contacts(m)->addresses.size(), 2u);
  EXPECT_EQ(*m.find("C%6Fntact"), "<sip:alias2@host2.example.com>");
}

TEST(Rfc4475, NoLwsBetweenDisplayNameAndAngle) {
  const Message m = valid("3.1.1.6-lwsdisp.sip");
  EXPECT_EQ(parse_from(m)->display_name, "caller");
  EXPECT_EQ(parse_from(m)->tag(), "323");
}

TEST(Rfc4475, LongValues) {
  const Message m = valid("3.1.1.7-longreq.sip");
  auto to = parse_to(m);
  ASSERT_TRUE(to);
  EXPECT_EQ(to->display_name->rfind("I have a user name of extremeextreme", 0), 0u);
  EXPECT_EQ(to->uri.port, 6000);
  auto vias = parse_vias(m);
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 34u);
  EXPECT_EQ(vias->front().host, "sip33.example.com");
  EXPECT_EQ(vias->back().host, "host.example.com");
  EXPECT_EQ(vias->back().received(), "192.0.2.5");
  EXPECT_EQ(m.find_all("Via").size(), 34u);
  EXPECT_EQ(m.body.size(), 150u);
}

TEST(Rfc4475, ExtraTrailingOctetsInADatagramAreDiscarded) {
  const Message m = valid("3.1.1.8-dblreq.sip");
  EXPECT_EQ(m.request_line()->method, "REGISTER");
  EXPECT_TRUE(m.body.empty());
  EXPECT_EQ(*m.find("Call-ID"), "dblreq.0ha0isndaksdj99sdfafnl3lk233412");  // "I:"
}

TEST(Rfc4475, SemicolonInUserPart) {
  const Message m = valid("3.1.1.9-semiuri.sip");
  auto ruri = parse_uri(m.request_line()->uri);
  ASSERT_TRUE(ruri);
  EXPECT_EQ(ruri->user, "user;par=u@example.net");
  EXPECT_EQ(ruri->host, "example.com");
  EXPECT_TRUE(ruri->params.empty());
  auto accept = split_list(*m.find("Accept"));
  ASSERT_TRUE(accept);
  EXPECT_EQ(accept->size(), 6u);
  EXPECT_EQ(accept->back(), "message/sipfrag");
}

TEST(Rfc4475, VariedTransports) {
  const Message m = valid("3.1.1.10-transports.sip");
  auto vias = parse_vias(m);
  ASSERT_TRUE(vias);
  std::vector<std::string> transports;
  for (const Via& v : *vias) transports.push_back(v.transport);
  EXPECT_EQ(transports, (std::vector<std::string>{"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"}));
}

TEST(Rfc4475, MultipartBodyKeptByteForByte) {
  const Message m = valid("3.1.1.11-mpart01.sip");
  EXPECT_EQ(m.body.size(), 553u);
  EXPECT_NE(m.body.find('\0'), std::string::npos);
  auto type = parse_media_type(*m.find("Content-Type"));
  ASSERT_TRUE(type);
  EXPECT_TRUE(type->is("multipart", "mixed"));
  EXPECT_EQ(param_value(type->params, "boundary"), "7a9cbec02ceef655");
  const Via via = parse_vias(m)->front();
  EXPECT_TRUE(via.has_rport());
  EXPECT_FALSE(via.rport());
  EXPECT_EQ(via.port, 5070);
  EXPECT_TRUE(is_sip_date(*m.find("Date")));
}

TEST(Rfc4475, ReasonPhrases) {
  const Message unusual = valid("3.1.1.12-unreason.sip");
  EXPECT_EQ(unusual.status_line()->code, 200);
  EXPECT_EQ(unusual.status_line()->reason.rfind("= 2**3 * 5**2 \xd0\xbd\xd0\xbe ", 0), 0u);
  EXPECT_EQ(unusual.body.size(), 154u);
  const Message empty = valid("3.1.1.13-noreason.sip");
  EXPECT_EQ(empty.status_line()->code, 100);
  EXPECT_EQ(empty.status_line()->reason, "");
}

TEST(Rfc4475, DocumentedChoicesForMessagesAnElementMayAccept) {
  // s3.1.2.12: the Date is not a SIP-date, but nothing here uses Date.
  const Message baddate = valid("3.1.2.12-baddate.sip");
  EXPECT_FALSE(is_sip_date(*baddate.find("Date")));
  // s3.2.1: a bare magic cookie identifies no RFC 3261 transaction.
  const Message badbranch = valid("3.2.1-badbranch.sip");
  EXPECT_EQ(parse_vias(badbranch)->front().branch(), "z9hG4bK");
  EXPECT_FALSE(is_rfc3261_branch("z9hG4bK"));
  // s3.1.2.4: the other overlarge scalars are errors of their own parsers.
  auto scalar02 = parse_message(load("3.1.2.4-scalar02.sip"));
  ASSERT_TRUE(scalar02);
  EXPECT_EQ(parse_max_forwards(*scalar02->find("Max-Forwards")).error(), errc::invalid_max_forwards);
  EXPECT_EQ(parse_delta_seconds(*scalar02->find("Expires")).error(), errc::invalid_expires);
  const auto contacts = parse_contacts(*scalar02);
  ASSERT_TRUE(contacts);
  EXPECT_EQ(parse_delta_seconds(*param_value(contacts->addresses.at(0).params, "expires")).error(),
            errc::invalid_expires);
}

TEST(Rfc4475, UnknownSchemesParseAsOpaqueUris) {
  const Message unkscm = valid("3.3.2-unkscm.sip");
  auto u = parse_uri(unkscm.request_line()->uri);
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->is_sip());
  EXPECT_EQ(u->scheme, "nobodyKnowsThisScheme");
  EXPECT_EQ(u->opaque, "totallyopaquecontent");
  const Message novelsc = valid("3.3.3-novelsc.sip");
  EXPECT_EQ(parse_uri(novelsc.request_line()->uri)->opaque, "//192.0.2.103:3002");
  const Message unksm2 = valid("3.3.4-unksm2.sip");
  EXPECT_EQ(parse_to(unksm2)->uri.scheme, "isbn");
  EXPECT_EQ(parse_from(unksm2)->uri.scheme, "http");
  EXPECT_EQ(parse_contacts(unksm2)->addresses.at(0).uri.opaque, "John_Smith");
}

TEST(Rfc4475, ApplicationLayerMessagesParse) {
  EXPECT_EQ(split_list(*valid("3.3.5-bext01.sip").find("Require"))->size(), 2u);
  const Message invut = valid("3.3.6-invut.sip");
  EXPECT_TRUE(parse_media_type(*invut.find("Content-Type"))->is("application", "unknownformat"));
  EXPECT_EQ(invut.body.size(), 40u);
  EXPECT_EQ(*valid("3.3.7-regaut01.sip").find("Authorization"), "NoOneKnowsThisScheme opaque-data=here");
  const Message bcast = valid("3.3.10-bcast.sip");
  EXPECT_EQ(parse_vias(bcast)->at(1).host, "255.255.255.255");
  EXPECT_EQ(*parse_max_forwards(*valid("3.3.11-zeromf.sip").find("Max-Forwards")), 0);
  EXPECT_EQ(*valid("3.3.15-sdp01.sip").find("Accept"), "text/nobodyKnowsThis");
}

TEST(Rfc4475, ContactParametersBelongToTheUriOnlyInsideBrackets) {
  const NameAddr bare = parse_contacts(valid("3.3.12-cparam01.sip"))->addresses.at(0);
  EXPECT_TRUE(has_param(bare.params, "unknownparam"));
  EXPECT_TRUE(bare.uri.params.empty());
  const NameAddr bracketed = parse_contacts(valid("3.3.13-cparam02.sip"))->addresses.at(0);
  EXPECT_TRUE(bracketed.params.empty());
  EXPECT_TRUE(has_param(bracketed.uri.params, "unknownparam"));
  const Message regescrt = valid("3.3.14-regescrt.sip");  // "M:" is Contact
  EXPECT_EQ(parse_contacts(regescrt)->addresses.at(0).uri.headers,
            (std::vector<UriHeader>{{"Route", "<sip:sip.example.com>"}}));
}

TEST(Rfc4475, Rfc2543StyleInvite) {
  const Message m = valid("3.4.1-inv2543.sip");
  EXPECT_FALSE(m.has("Max-Forwards"));
  EXPECT_FALSE(parse_vias(m)->front().branch());
  EXPECT_EQ(m.body.rfind("v=0\r\n", 0), 0u);
  EXPECT_EQ(m.body.size(), 105u);  // to the end of the datagram: there is no Content-Length
  EXPECT_EQ(parse_route_set(m, "Record-Route")->at(0).uri.maddr(), "ss1.example.com");
}

}  // namespace
}  // namespace disco::sip
