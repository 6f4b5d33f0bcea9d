// proofwright-runtime: the local backend's native inference process (issue 16).
//
// Why it exists: llama-server's HTTP and queue threads wake on every token and its bookkeeping sits
// between graphs; on a 2-core machine that cost ~15-20 % of decode speed against llama-bench, while
// a bare loop on the same prebuilt libllama (persistent threadpool attached) reached llama-bench's
// speed (NOTES.md, "Native speed"). This process is that loop plus what the engine needs: one decode
// loop, every running completion's next token in ONE llama_decode per step, the m completions of one
// prompt sharing its prefill (decoded once, then llama_memory_seq_cp in memory), a new prompt's
// prefill chunked by n_batch and interleaved with the running completions, per-completion cancel,
// grammar / JSON-schema constrained sampling (common_sampler), the model's chat template (common's).
//
// Protocol (app/models/local/runtime-protocol.ts is the TS side and validates every event):
//   argv:   --model PATH --ctx-seq N --parallel P --threads T --threads-batch TB [--batch-size B]
//           [--gpu-layers N] [--no-warmup] [--pace-ms MS: token events written at most every MS ms, default 16]
//   stdin:  one JSON request per line:
//           {"type":"template","id":S,"messages":[{role,content}...]}     -> {"type":"template","id",prompt,tokens}
//           {"type":"generate","id":S,"messages":[...],"n":k,"seed":s?,"temperature","top_p","top_k","min_p",
//            "max_tokens","json_schema":{...}?,"grammar":"gbnf"?}          -> progress* token* done (per index)
//           {"type":"cancel","id":S,"index":i?}                             -> done {finish:"cancelled"} at once
//           {"type":"status","id":S}                                        -> {"type":"status","id",busy,waiting}
//   stdout: one JSON event per line: ready | template | progress {id,prefilled,total} (per prompt chunk
//           that leaves the prompt unfinished) | token {id,index,text} | done {id,index,finish,
//           prompt_tokens,completion_tokens} | status | error {id?,code,message}
//   stderr: llama.cpp's log and ours.
// A request error is an error event; the process lives on. EOF on stdin ends the process at once: the
// engine closed it or died (even by SIGKILL the kernel closes the pipe), so no orphan keeps the model.
#include "chat.h"
#include "common.h"
#include "json-schema-to-grammar.h"
#include "llama.h"
#include "sampling.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using json = nlohmann::ordered_json;

// The wire format's version: RUNTIME_PROTOCOL in app/models/local/runtime-protocol.ts (bump both together).
constexpr int kProtocol = 2;

namespace {

// ---- output: one write() per loop step ------------------------------------------------------------

int g_out_fd = -1;     // the real stdout; fd 1 itself is pointed at stderr (see main)
std::string g_out;     // events not written yet
bool g_urgent = false; // an answer other than a token is waiting: write it now
int g_pace_ms = 16;    // token events are written at most this often (--pace-ms)
std::chrono::steady_clock::time_point g_last_flush;

void emit(const json & event) {
    // Tokens wait for the next paced write: each write wakes the engine's event loop (a pipe read,
    // parsing, callbacks), and on 2 cores a wake per token takes CPU from the decode threads (the
    // llama-server client measured 0.45-0.77 ms of Node CPU per token; NOTES.md). Everything else
    // (done, errors, answers to requests) goes out at the end of the current step.
    // Progress (one per prompt chunk) is paced like tokens: it only needs to arrive well within the
    // engine's idle limit, and a chunk takes far longer than the pace interval anyway.
    if (event["type"] != "token" && event["type"] != "progress") g_urgent = true;
    // replace: a model can produce invalid UTF-8 at the very end of an answer; never throw over it.
    g_out += event.dump(-1, ' ', false, json::error_handler_t::replace);
    g_out += '\n';
}

void flush_out() {
    size_t done = 0;
    while (done < g_out.size()) {
        ssize_t n = write(g_out_fd, g_out.data() + done, g_out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(0);  // the engine is gone
        done += (size_t) n;
    }
    g_out.clear();
    g_urgent = false;
    g_last_flush = std::chrono::steady_clock::now();
}

/** Writes what is waiting if it is urgent, the pace interval has passed, or the loop is about to sleep. */
void maybe_flush(bool idle) {
    if (g_out.empty()) return;
    auto since = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - g_last_flush).count();
    if (g_urgent || idle || since >= g_pace_ms) flush_out();
}

void emit_error(const json & id, const std::string & code, const std::string & message, json extra = json::object()) {
    json e = {{"type", "error"}, {"id", id}, {"code", code}, {"message", message}};
    for (auto & [k, v] : extra.items()) e[k] = v;
    emit(e);
}

// ---- input: a reader thread, so the decode loop never blocks on stdin ---------------------------

constexpr size_t MAX_LINE = 16u << 20;  // a request longer than 16 MiB is refused, not buffered

struct Inbox {
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<std::string> lines;  // "\x01" + reason marks a line the reader refused
};
Inbox g_inbox;

void reader_thread() {
    std::string line;
    bool overlong = false;
    char buf[65536];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            // EOF: the engine closed our stdin or died. Nothing of ours is worth finishing.
            fprintf(stderr, "proofwright-runtime: stdin closed, exiting\n");
            _exit(0);
        }
        for (ssize_t i = 0; i < n; i++) {
            char c = buf[i];
            if (c != '\n') {
                if (!overlong) {
                    if (line.size() < MAX_LINE) line.push_back(c);
                    else { overlong = true; line.clear(); line.shrink_to_fit(); }
                }
                continue;
            }
            std::string item = overlong ? std::string("\x01request line longer than 16 MiB: ignored") : std::move(line);
            line.clear();
            overlong = false;
            if (item.empty()) continue;
            {
                std::lock_guard<std::mutex> lock(g_inbox.mutex);
                g_inbox.lines.push_back(std::move(item));
            }
            g_inbox.cv.notify_one();
        }
    }
}

// ---- llama.cpp's log: to stderr, remembering why a model failed to load --------------------------

std::string g_load_error;

void log_callback(ggml_log_level level, const char * text, void *) {
    if (level == GGML_LOG_LEVEL_ERROR || level == GGML_LOG_LEVEL_WARN || level == GGML_LOG_LEVEL_CONT || level == GGML_LOG_LEVEL_INFO) {
        std::string line(text);
        auto at = line.find("error loading model: ");
        if (at != std::string::npos) {
            g_load_error = line.substr(at + strlen("error loading model: "));
            while (!g_load_error.empty() && (g_load_error.back() == '\n' || g_load_error.back() == ' ')) g_load_error.pop_back();
        }
    }
    if (level == GGML_LOG_LEVEL_DEBUG) return;
    fputs(text, stderr);
}

// ---- UTF-8: never split a character across token events -------------------------------------------

/** Length of the longest prefix of `s` that does not end inside a multi-byte character. */
size_t complete_utf8_prefix(const std::string & s) {
    size_t n = s.size();
    // Look back at most 3 bytes for the lead byte of an unfinished character.
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned char c = (unsigned char) s[n - back];
        if ((c & 0xC0) == 0x80) continue;  // continuation byte: keep looking for the lead
        size_t need = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        return need > back ? n - back : n;
    }
    return n;
}

// ---- requests and their completions ---------------------------------------------------------------

struct Sample {
    int index = 0;
    llama_seq_id seq = -1;
    common_sampler_ptr sampler;
    llama_token last = 0;  // sampled, not yet decoded
    int n_gen = 0;
    int batch_idx = -1;
    bool finished = false;
    std::string pending;  // bytes of a character whose rest has not come yet
};

enum class Phase { waiting, prefill, generating };

struct Request {
    json id;
    std::vector<llama_token> prompt;
    int n_prefilled = 0;
    int limit = 0;  // completion tokens allowed: min(max_tokens, room left in the sequence)
    Phase phase = Phase::waiting;
    llama_seq_id prefill_seq = -1;  // where the shared prompt is decoded (samples[0]'s sequence) until it is shared
    int logit_idx = -1;             // batch index of the prompt's last token in the step that decodes it
    std::vector<Sample> samples;
    int live() const {
        int n = 0;
        for (auto & s : samples) n += !s.finished;
        return n;
    }
};

struct Options {
    std::string model;
    int ctx_seq = 4096;
    int parallel = 4;
    int threads = 2;
    int threads_batch = 2;
    int batch = 2048;
    int gpu_layers = -1;
    bool warmup = true;
};

class Runtime {
  public:
    Runtime(llama_model * model, llama_context * ctx, const Options & opt) : model_(model), ctx_(ctx), opt_(opt) {
        vocab_ = llama_model_get_vocab(model);
        mem_ = llama_get_memory(ctx);
        templates_ = common_chat_templates_init(model, "");
        for (int s = opt.parallel - 1; s >= 0; s--) free_seqs_.push_back(s);
        n_batch_ = (int) llama_n_batch(ctx);
        batch_ = llama_batch_init(n_batch_ + opt.parallel, 0, 1);
    }
    ~Runtime() { llama_batch_free(batch_); }

    void run() {
        for (;;) {
            std::deque<std::string> lines;
            {
                std::unique_lock<std::mutex> lock(g_inbox.mutex);
                // Idle: sleep until a request comes. Busy: take what is there and decode on.
                if (!busy()) g_inbox.cv.wait(lock, [] { return !g_inbox.lines.empty(); });
                lines.swap(g_inbox.lines);
            }
            for (auto & line : lines) handle_line(line);
            admit();
            step();
            maybe_flush(!busy());
        }
    }

  private:
    llama_model * model_;
    llama_context * ctx_;
    const llama_vocab * vocab_;
    llama_memory_t mem_;
    Options opt_;
    common_chat_templates_ptr templates_;
    std::vector<llama_seq_id> free_seqs_;
    std::deque<std::unique_ptr<Request>> requests_;  // arrival order: admitted first come, first served
    llama_batch batch_;
    int n_batch_;

    /** Work to do without a new request: a waiting request always has running ones ahead of it (or free sequences). */
    bool busy() const { return !requests_.empty(); }

    // -- requests -----------------------------------------------------------------------------

    void handle_line(const std::string & line) {
        if (line[0] == '\x01') return emit_error(nullptr, "bad-spec", line.substr(1));
        json msg = json::parse(line, nullptr, false);
        if (msg.is_discarded() || !msg.is_object()) {
            return emit_error(nullptr, "bad-spec", "request is not a JSON object: " + line.substr(0, 120));
        }
        json id = msg.contains("id") ? msg["id"] : json(nullptr);
        if (!id.is_null() && !id.is_string()) return emit_error(nullptr, "bad-spec", "request id must be a string");
        std::string type = msg.value("type", std::string());
        try {
            if (type == "template") return handle_template(id, msg);
            if (type == "generate") return handle_generate(id, msg);
            if (type == "cancel") return handle_cancel(id, msg);
            if (type == "status") return handle_status(id);
            emit_error(id, "bad-spec", "unknown request type \"" + type.substr(0, 60) + "\" (template, generate, cancel, status)");
        } catch (const std::exception & e) {
            emit_error(id, "bad-spec", std::string("bad ") + (type.empty() ? "request" : type) + " request: " + e.what());
        }
    }

    /** The model's chat template applied to the messages (as llama-server's --jinja chat endpoint does). */
    std::string apply_template(const json & messages) {
        if (!messages.is_array() || messages.empty()) throw std::invalid_argument("messages must be a non-empty array");
        common_chat_templates_inputs inputs;
        for (auto & m : messages) {
            common_chat_msg msg;
            msg.role = m.at("role").get<std::string>();
            msg.content = m.at("content").get<std::string>();
            inputs.messages.push_back(std::move(msg));
        }
        inputs.use_jinja = true;
        // A trailing assistant message is continued, not closed (llama-server's prefill_assistant).
        if (inputs.messages.back().role == "assistant") {
            inputs.add_generation_prompt = false;
            inputs.continue_final_message = COMMON_CHAT_CONTINUATION_AUTO;
        }
        return common_chat_templates_apply(templates_.get(), inputs).prompt;
    }

    std::vector<llama_token> tokenize(const std::string & prompt) {
        // As llama-server tokenizes a prompt: BOS if the model wants one, special tokens parsed.
        return common_tokenize(vocab_, prompt, true, true);
    }

    void handle_template(const json & id, const json & msg) {
        std::string prompt = apply_template(msg.at("messages"));
        int tokens = (int) tokenize(prompt).size();
        emit({{"type", "template"}, {"id", id}, {"prompt", prompt}, {"tokens", tokens}});
    }

    void handle_status(const json & id) {
        int waiting = 0;
        for (auto & r : requests_) waiting += r->phase == Phase::waiting;
        emit({{"type", "status"}, {"id", id}, {"busy", opt_.parallel - (int) free_seqs_.size()}, {"waiting", waiting}});
    }

    Request * find(const json & id) {
        for (auto & r : requests_) if (r->id == id) return r.get();
        return nullptr;
    }

    void handle_generate(const json & id, const json & msg) {
        if (id.is_null()) throw std::invalid_argument("generate needs an id");
        if (find(id)) throw std::invalid_argument("a request with this id is running");
        int n = msg.value("n", 1);
        if (n < 1 || n > opt_.parallel) {
            throw std::invalid_argument("n must be 1.." + std::to_string(opt_.parallel) + " (the runtime's sequences), got " + std::to_string(n));
        }
        int max_tokens = msg.value("max_tokens", 0);
        if (max_tokens < 1) throw std::invalid_argument("max_tokens must be a positive integer");

        auto req = std::make_unique<Request>();
        req->id = id;
        req->prompt = tokenize(apply_template(msg.at("messages")));
        const int n_prompt = (int) req->prompt.size();
        // The prompt must leave room for one generated token and one free cell; generation ends at the
        // end of the sequence's context ('length'), never shifting the prompt out.
        const int room = opt_.ctx_seq - n_prompt - 1;
        if (room < 1 || n_prompt == 0) {
            return emit_error(id, "context-overflow",
                              "prompt of " + std::to_string(n_prompt) + " tokens does not fit a sequence of " + std::to_string(opt_.ctx_seq) +
                                  " tokens (at most " + std::to_string(opt_.ctx_seq - 2) + ")",
                              {{"prompt_tokens", n_prompt}, {"context_size", opt_.ctx_seq}});
        }
        req->limit = std::min(max_tokens, room);

        common_params_sampling sp;
        sp.temp = msg.value("temperature", 0.8f);
        sp.top_p = msg.value("top_p", 1.0f);
        sp.top_k = msg.value("top_k", 0);
        sp.min_p = msg.value("min_p", 0.0f);
        sp.penalty_repeat = 1.0f;
        sp.no_perf = true;
        if (msg.contains("json_schema") && !msg["json_schema"].is_null()) {
            std::string grammar;
            try {
                grammar = json_schema_to_grammar(common_json::parse(msg["json_schema"].dump()));
            } catch (const std::exception & e) {
                throw std::invalid_argument(std::string("json_schema cannot be turned into a grammar: ") + e.what());
            }
            sp.grammar = common_grammar(COMMON_GRAMMAR_TYPE_USER, grammar);
        } else if (msg.contains("grammar") && msg["grammar"].is_string() && !msg["grammar"].get<std::string>().empty()) {
            sp.grammar = common_grammar(COMMON_GRAMMAR_TYPE_USER, msg["grammar"].get<std::string>());
        }
        const bool seeded = msg.contains("seed") && msg["seed"].is_number_integer();
        const uint32_t seed = seeded ? msg["seed"].get<uint32_t>() : LLAMA_DEFAULT_SEED;
        for (int i = 0; i < n; i++) {
            Sample s;
            s.index = i;
            // Consecutive seeds per completion, as llama-server's n_cmpl children (coalesce.ts relies on it).
            sp.seed = seeded ? seed + (uint32_t) i : LLAMA_DEFAULT_SEED;
            s.sampler.reset(common_sampler_init(model_, sp));
            if (!s.sampler) throw std::invalid_argument("the grammar does not parse");
            req->samples.push_back(std::move(s));
        }
        requests_.push_back(std::move(req));
    }

    void handle_cancel(const json & id, const json & msg) {
        Request * r = find(id);
        if (!r) return;  // already finished: the done events are on their way or sent
        const bool all = !msg.contains("index") || msg["index"].is_null();
        const int index = all ? -1 : msg["index"].get<int>();
        for (auto & s : r->samples) {
            if (s.finished || (!all && s.index != index)) continue;
            finish(*r, s, "cancelled");
            // The prompt's own sequence stays until the prefill is shared (or dropped below).
            if (r->phase == Phase::generating) release(s.seq);
        }
        if (r->live() == 0) drop(r);
    }

    // -- sequences ----------------------------------------------------------------------------

    void release(llama_seq_id & seq) {
        if (seq < 0) return;
        llama_memory_seq_rm(mem_, seq, -1, -1);
        free_seqs_.push_back(seq);
        seq = -1;
    }

    void drop(Request * r) {
        for (auto & s : r->samples) if (s.seq != r->prefill_seq) release(s.seq);
        release(r->prefill_seq);
        requests_.erase(std::find_if(requests_.begin(), requests_.end(), [r](auto & p) { return p.get() == r; }));
    }

    /** Starts waiting requests, first come first served: one that needs more sequences than are free waits, and so do the ones behind it. */
    void admit() {
        for (auto & r : requests_) {
            if (r->phase != Phase::waiting) continue;
            if ((int) free_seqs_.size() < (int) r->samples.size()) return;
            for (auto & s : r->samples) {
                s.seq = free_seqs_.back();
                free_seqs_.pop_back();
                llama_memory_seq_rm(mem_, s.seq, -1, -1);
            }
            r->prefill_seq = r->samples[0].seq;
            r->phase = Phase::prefill;
        }
    }

    // -- the decode loop ----------------------------------------------------------------------

    void finish(Request & r, Sample & s, const char * why) {
        if (!s.pending.empty()) {
            emit({{"type", "token"}, {"id", r.id}, {"index", s.index}, {"text", s.pending}});
            s.pending.clear();
        }
        s.finished = true;
        emit({{"type", "done"}, {"id", r.id}, {"index", s.index}, {"finish", why}, {"prompt_tokens", (int) r.prompt.size()}, {"completion_tokens", s.n_gen}});
    }

    /** Samples the completion's next token from the logits at batch index `idx`, emits its text, ends it on EOG or the limit. */
    void sample_next(Request & r, Sample & s, int idx) {
        llama_token tok = common_sampler_sample(s.sampler.get(), ctx_, idx);
        common_sampler_accept(s.sampler.get(), tok, true);
        s.n_gen++;  // counted as llama-server counts: the end-of-generation token too
        if (llama_vocab_is_eog(vocab_, tok)) return finish(r, s, "stop");
        s.pending += common_token_to_piece(ctx_, tok, false);
        size_t ready = complete_utf8_prefix(s.pending);
        if (ready > 0) {
            emit({{"type", "token"}, {"id", r.id}, {"index", s.index}, {"text", s.pending.substr(0, ready)}});
            s.pending.erase(0, ready);
            // The first token goes out at once: its time is the call's time to first token.
            if (s.n_gen == 1) g_urgent = true;
        }
        s.last = tok;
        if (s.n_gen >= r.limit) finish(r, s, "length");
    }

    void step() {
        common_batch_clear(batch_);
        // 1. every running completion's next token
        for (auto & r : requests_) {
            if (r->phase != Phase::generating) continue;
            for (auto & s : r->samples) {
                if (s.finished) continue;
                s.batch_idx = batch_.n_tokens;
                common_batch_add(batch_, s.last, (llama_pos) (r->prompt.size() + s.n_gen - 1), {s.seq}, true);
            }
        }
        // 2. prompt chunks in the room left, oldest request first
        std::vector<Request *> prefilled, chunked;
        for (auto & r : requests_) {
            if (r->phase != Phase::prefill) continue;
            int room = n_batch_ - batch_.n_tokens;
            if (room <= 0) break;
            const int n_prompt = (int) r->prompt.size();
            const int take = std::min(room, n_prompt - r->n_prefilled);
            for (int i = 0; i < take; i++) {
                const int pos = r->n_prefilled + i;
                if (pos == n_prompt - 1) r->logit_idx = batch_.n_tokens;
                common_batch_add(batch_, r->prompt[pos], pos, {r->prefill_seq}, pos == n_prompt - 1);
            }
            r->n_prefilled += take;
            if (r->n_prefilled == n_prompt) prefilled.push_back(r.get());
            else chunked.push_back(r.get());
        }
        if (batch_.n_tokens == 0) return;

        const int ret = llama_decode(ctx_, batch_);
        if (ret != 0) {
            // With one unified KV pool of ctx_seq cells per sequence this should not happen; fail what
            // was in the batch rather than the process.
            std::vector<Request *> failed;
            for (auto & r : requests_) if (r->phase != Phase::waiting) failed.push_back(r.get());
            for (Request * r : failed) {
                emit_error(r->id, "internal", "llama_decode failed (" + std::to_string(ret) + ")");
                for (auto & s : r->samples) s.finished = true;
                drop(r);
            }
            return;
        }
        // A prompt chunk decoded that did not finish its prompt: say so, so that the engine's idle limit
        // can tell a long prefill (which sends no token for a while) from a hung runtime. One event per
        // chunk of up to n_batch tokens, never per token; a finished prompt is followed by its first
        // token (or done) in this same step instead.
        for (Request * r : chunked) {
            emit({{"type", "progress"}, {"id", r->id}, {"prefilled", r->n_prefilled}, {"total", (int) r->prompt.size()}});
        }
        // 3. sample the running completions
        for (auto & r : requests_) {
            if (r->phase != Phase::generating) continue;
            for (auto & s : r->samples) if (!s.finished) sample_next(*r, s, s.batch_idx);
        }
        // 4. prompts done: share the prompt's cells with the other completions, sample each one's first token
        for (Request * r : prefilled) {
            for (auto & s : r->samples) {
                if (s.seq != r->prefill_seq && !s.finished) llama_memory_seq_cp(mem_, r->prefill_seq, s.seq, -1, -1);
            }
            // From here samples[0] owns the prompt's sequence (a cancelled one's is released in 5.).
            r->prefill_seq = -1;
            r->phase = Phase::generating;
            for (auto & s : r->samples) if (!s.finished) sample_next(*r, s, r->logit_idx);
        }
        // 5. release finished completions' sequences, forget finished requests
        std::vector<Request *> done;
        for (auto & r : requests_) {
            if (r->phase != Phase::generating) continue;
            for (auto & s : r->samples) if (s.finished && s.seq >= 0) release(s.seq);
            if (r->live() == 0) done.push_back(r.get());
        }
        for (Request * r : done) drop(r);
    }
};

bool parse_int(const char * text, int & out) {
    char * end = nullptr;
    long v = strtol(text, &end, 10);
    if (!end || *end || v < -1 || v > 1 << 30) return false;
    out = (int) v;
    return true;
}

}  // namespace

int main(int argc, char ** argv) {
    // Our events own stdout. llama.cpp's common log writes some lines to stdout, so fd 1 becomes a copy
    // of stderr and the events go to a private copy of the original stdout.
    g_out_fd = dup(1);
    dup2(2, 1);
    signal(SIGPIPE, SIG_IGN);

    Options opt;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto num = [&](int & out) {
            if (i + 1 >= argc || !parse_int(argv[++i], out)) {
                emit_error(nullptr, "bad-spec", a + " needs an integer");
                flush_out();
                exit(2);
            }
        };
        if (a == "--model" && i + 1 < argc) opt.model = argv[++i];
        else if (a == "--ctx-seq") num(opt.ctx_seq);
        else if (a == "--parallel") num(opt.parallel);
        else if (a == "--threads") num(opt.threads);
        else if (a == "--threads-batch") num(opt.threads_batch);
        else if (a == "--batch-size") num(opt.batch);
        else if (a == "--gpu-layers") num(opt.gpu_layers);
        else if (a == "--pace-ms") num(g_pace_ms);
        else if (a == "--no-warmup") opt.warmup = false;
        else {
            emit_error(nullptr, "bad-spec", "unknown argument " + a);
            flush_out();
            return 2;
        }
    }
    if (opt.model.empty() || opt.ctx_seq < 8 || opt.parallel < 1 || opt.threads < 1 || opt.threads_batch < 1 || opt.batch < 1) {
        emit_error(nullptr, "bad-spec", "usage: proofwright-runtime --model PATH --ctx-seq N --parallel P --threads T --threads-batch TB [--batch-size B]");
        flush_out();
        return 2;
    }

    llama_log_set(log_callback, nullptr);
    ggml_backend_load_all();  // the CPU variant for this machine, dl-loaded from the executable's folder
    llama_backend_init();

    common_params params;
    params.model.path = opt.model;
    // One KV pool for all sequences (kv_unified): a copied prompt shares its cells instead of copying them.
    params.n_parallel = opt.parallel;
    params.n_ctx = opt.ctx_seq * opt.parallel;
    params.kv_unified = true;
    params.n_batch = opt.batch;
    params.n_ubatch = std::min(opt.batch, 512);
    // Decode and prompt threads apart, each a persistent pool attached to the context
    // (common_threadpools, llama_attach_threadpool): without it ggml makes a pool per graph (~20 % slower).
    params.cpuparams.n_threads = opt.threads;
    params.cpuparams_batch.n_threads = opt.threads_batch;
    params.n_gpu_layers = opt.gpu_layers;
    params.fit_params = false;  // the engine sized the context; do not shrink it behind its back
    params.warmup = opt.warmup;
    params.sampling.no_perf = true;

    auto init = common_init_from_params(params);
    if (!init || !init->model() || !init->context()) {
        std::string why = !g_load_error.empty() ? g_load_error : (init && init->model() ? "could not create the context" : "failed to load the model");
        emit_error(nullptr, "model-load", why);
        flush_out();
        return 1;
    }

    Runtime runtime(init->model(), init->context(), opt);
    emit({{"type", "ready"},
          {"protocol", kProtocol},
          {"n_ctx_seq", opt.ctx_seq},
          {"n_seq_max", opt.parallel},
          {"n_batch", (int) llama_n_batch(init->context())},
          {"threads", opt.threads},
          {"threads_batch", opt.threads_batch}});
    flush_out();
    std::thread(reader_thread).detach();
    runtime.run();
    return 0;
}
