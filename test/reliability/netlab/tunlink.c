/*
 * tunlink: a userspace weak-link emulator between two TUN devices (no netem on the CI kernel).
 *
 *   tunlink <tunA> <tunB> <rate_bit_s> <one_way_delay_us> <loss_ppm> <queue_us> <seed>
 *
 * Creates two non-persistent TUN devices (they vanish when this process exits), prints
 * "ready" on stdout, then forwards IP packets A->B and B->A. Each direction is a FIFO whose
 * departure time is serialization at <rate> after the previous packet, plus a fixed one-way
 * delay. A packet is lost at random with probability loss_ppm/1e6 (seeded xorshift, one stream
 * per direction so the two directions do not perturb each other), tail-dropped when it would
 * wait more than <queue_us> for the wire, and dropped while a blackout is on (on arrival and
 * on delivery, like a cut cable: what was in flight is gone too).
 *
 * Control on stdin, one command a line, answers on stdout:
 *   blackout <ms>   drop everything for <ms> from now ("ok")
 *   down | up       blackout until "up" ("ok")
 *   stats           one JSON line with per-direction counters
 *   loss <ppm>      change the loss rate ("ok")
 * EOF on stdin ends the process, so a crashed parent never leaves a forwarder behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 8192
#define MAXPKT 2048

typedef struct {
  uint16_t len;
  int64_t due_us; /* delivery time */
  unsigned char data[MAXPKT];
} pkt_t;

typedef struct {
  int in_fd, out_fd;
  pkt_t *ring;
  unsigned head, count;
  int64_t wire_free_us; /* when the serializer is free again */
  uint64_t rng;
  uint64_t rx_pkts, rx_bytes, fwd_pkts, fwd_bytes, lost, tail_drops, blackout_drops;
} dir_t;

static int64_t rate_bps, delay_us, queue_us;
static uint32_t loss_ppm;
static int64_t blackout_until_us = 0; /* monotonic µs; INT64_MAX = "down" */

static int64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static uint64_t xorshift(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

static int tun_open(const char *name) {
  int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) { perror("open /dev/net/tun"); exit(2); }
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) { perror("TUNSETIFF"); exit(2); }
  return fd;
}

static int blacked_out(int64_t t) { return t < blackout_until_us; }

static void on_arrival(dir_t *d, int64_t t) {
  unsigned char buf[65536];
  for (;;) {
    ssize_t n = read(d->in_fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return;
      /* EIO before the interface is up in its namespace: nothing to forward yet. */
      return;
    }
    if (n == 0) return;
    d->rx_pkts++;
    d->rx_bytes += (uint64_t)n;
    if (blacked_out(t)) { d->blackout_drops++; continue; }
    if (loss_ppm && xorshift(&d->rng) % 1000000 < loss_ppm) { d->lost++; continue; }
    int64_t start = d->wire_free_us > t ? d->wire_free_us : t;
    if (start - t > queue_us || d->count == SLOTS || n > MAXPKT) { d->tail_drops++; continue; }
    int64_t finish = start + (int64_t)n * 8 * 1000000 / rate_bps;
    d->wire_free_us = finish;
    pkt_t *p = &d->ring[(d->head + d->count) % SLOTS];
    p->len = (uint16_t)n;
    p->due_us = finish + delay_us;
    memcpy(p->data, buf, (size_t)n);
    d->count++;
  }
}

static void deliver_due(dir_t *d, int64_t t) {
  while (d->count && d->ring[d->head].due_us <= t) {
    pkt_t *p = &d->ring[d->head];
    if (blacked_out(t)) {
      d->blackout_drops++;
    } else if (write(d->out_fd, p->data, p->len) == p->len) {
      d->fwd_pkts++;
      d->fwd_bytes += p->len;
    } else {
      d->tail_drops++; /* the receiving side refused it (interface down): count as a drop */
    }
    d->head = (d->head + 1) % SLOTS;
    d->count--;
  }
}

static void print_dir(const char *name, const dir_t *d, int comma) {
  printf("\"%s\":{\"rxPackets\":%llu,\"rxBytes\":%llu,\"forwardedPackets\":%llu,"
         "\"forwardedBytes\":%llu,\"lost\":%llu,\"tailDrops\":%llu,\"blackoutDrops\":%llu,"
         "\"queued\":%u}%s",
         name, (unsigned long long)d->rx_pkts, (unsigned long long)d->rx_bytes,
         (unsigned long long)d->fwd_pkts, (unsigned long long)d->fwd_bytes,
         (unsigned long long)d->lost, (unsigned long long)d->tail_drops,
         (unsigned long long)d->blackout_drops, d->count, comma ? "," : "");
}

/* Returns 0 when stdin is closed. */
static int on_command(dir_t *ab, dir_t *ba, char *line, size_t *fill) {
  ssize_t n = read(0, line + *fill, 255 - *fill);
  if (n <= 0) return n < 0 && (errno == EAGAIN || errno == EINTR);
  *fill += (size_t)n;
  line[*fill] = 0;
  char *nl;
  while ((nl = strchr(line, '\n')) != NULL) {
    *nl = 0;
    long long arg = 0;
    int64_t t = now_us();
    if (sscanf(line, "blackout %lld", &arg) == 1) {
      blackout_until_us = t + arg * 1000;
      puts("ok");
    } else if (strcmp(line, "down") == 0) {
      blackout_until_us = INT64_MAX;
      puts("ok");
    } else if (strcmp(line, "up") == 0) {
      blackout_until_us = 0;
      puts("ok");
    } else if (sscanf(line, "loss %lld", &arg) == 1) {
      loss_ppm = (uint32_t)arg;
      puts("ok");
    } else if (strcmp(line, "stats") == 0) {
      printf("{\"blackout\":%s,", blacked_out(t) ? "true" : "false");
      print_dir("aToB", ab, 1);
      print_dir("bToA", ba, 0);
      puts("}");
    } else if (line[0]) {
      puts("error unknown command");
    }
    fflush(stdout);
    size_t used = (size_t)(nl - line) + 1;
    memmove(line, nl + 1, *fill - used + 1);
    *fill -= used;
  }
  if (*fill >= 255) *fill = 0; /* an overlong line is garbage: forget it */
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s tunA tunB rate_bit_s one_way_delay_us loss_ppm queue_us seed\n", argv[0]);
    return 2;
  }
  rate_bps = atoll(argv[3]);
  delay_us = atoll(argv[4]);
  loss_ppm = (uint32_t)atol(argv[5]);
  queue_us = atoll(argv[6]);
  uint64_t seed = strtoull(argv[7], NULL, 10);
  if (rate_bps <= 0) { fprintf(stderr, "rate must be > 0\n"); return 2; }

  int a = tun_open(argv[1]);
  int b = tun_open(argv[2]);
  dir_t ab = {.in_fd = a, .out_fd = b, .rng = seed * 2654435761u + 1};
  dir_t ba = {.in_fd = b, .out_fd = a, .rng = seed * 40503u + 0x9E3779B97F4A7C15ull};
  ab.ring = malloc(sizeof(pkt_t) * SLOTS);
  ba.ring = malloc(sizeof(pkt_t) * SLOTS);
  if (!ab.ring || !ba.ring) { fprintf(stderr, "out of memory\n"); return 2; }
  for (int i = 0; i < 8; i++) { xorshift(&ab.rng); xorshift(&ba.rng); }

  fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
  puts("ready");
  fflush(stdout);

  char line[256];
  size_t fill = 0;
  for (;;) {
    int64_t t = now_us();
    deliver_due(&ab, t);
    deliver_due(&ba, t);
    int64_t next = INT64_MAX;
    if (ab.count) next = ab.ring[ab.head].due_us;
    if (ba.count && ba.ring[ba.head].due_us < next) next = ba.ring[ba.head].due_us;
    struct timespec ts, *tsp = NULL;
    if (next != INT64_MAX) {
      int64_t wait = next - now_us();
      if (wait < 0) wait = 0;
      ts.tv_sec = wait / 1000000;
      ts.tv_nsec = (wait % 1000000) * 1000;
      tsp = &ts;
    }
    struct pollfd fds[3] = {{0, POLLIN, 0}, {a, POLLIN, 0}, {b, POLLIN, 0}};
    int r = ppoll(fds, 3, tsp, NULL);
    if (r < 0 && errno != EINTR) { perror("ppoll"); return 1; }
    t = now_us();
    if (fds[1].revents & POLLIN) on_arrival(&ab, t);
    if (fds[2].revents & POLLIN) on_arrival(&ba, t);
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      if (!on_command(&ab, &ba, line, &fill)) return 0;
    }
  }
}
