// Which wire dialect the client speaks: forced by the setting, or in 'auto' learned from the first
// frame that proves one. A server that refuses the beta shape gets GA, once per connect().
import type { Dialect, DialectSetting } from '../../shared/protocol/events';

export class DialectTracker {
  private dialect: Dialect | null = null;
  private proven = false;
  private switched = false;
  private announced: Dialect | null = null;

  constructor(
    private readonly setting: DialectSetting,
    /** Called once per connect() with the dialect in use, and again whenever it changes. */
    private readonly announce: (dialect: Dialect) => void,
  ) {
    this.reset();
  }

  /** Null until known (in 'auto', until the first session has started). */
  get current(): Dialect | null {
    return this.dialect;
  }

  /** What the next socket asks for (the beta marker is sent only for 'beta'). */
  get requested(): DialectSetting {
    return this.switched ? 'ga' : this.setting;
  }

  /** Each connect() starts from the setting again: the server may have changed since. */
  reset(): void {
    this.dialect = this.setting === 'auto' ? null : this.setting;
    this.proven = false;
    this.switched = false;
    this.announced = null;
  }

  /** A frame's evidence. In 'auto' the first proof decides; a forced setting ignores evidence. */
  observe(proof: Dialect | null): void {
    if (!proof || this.setting !== 'auto' || this.switched || this.proven) return;
    this.proven = true;
    this.set(proof);
  }

  /**
   * The session started: the dialect is whatever is known by now. Nothing proved it: the service
   * documents the beta names, so assume those (a later proof in 'auto' still corrects it).
   */
  settle(): Dialect {
    this.set(this.dialect ?? 'beta');
    return this.dialect as Dialect;
  }

  /**
   * The server refused the beta shape. Switches to GA and returns true, also when beta was forced (the
   * setting says what to ask for; this server will never accept it). False when GA was already in use
   * or already tried: the refusal is then final.
   */
  switchToGa(): boolean {
    if (this.setting === 'ga' || this.switched) return false;
    this.switched = true;
    this.set('ga');
    return true;
  }

  private set(dialect: Dialect): void {
    this.dialect = dialect;
    if (this.announced === dialect) return;
    this.announced = dialect;
    this.announce(dialect);
  }
}
