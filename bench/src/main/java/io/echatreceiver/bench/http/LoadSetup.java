package io.echatreceiver.bench.http;

/** The account both the load server and the fixtures use. Benchmark values, not secrets. */
final class LoadSetup {

  static final String TOKEN = "bench-token";
  static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final String APP_ID = "bench-app";

  private LoadSetup() {}
}
