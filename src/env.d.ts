/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    platform: import('./server/platform').Platform;
    /** The visitor's user id (a guest until they sign up). */
    userId: string;
  }
}
