import { MediaQuery } from 'svelte/reactivity';

/**
 * Which of the studio's panels are open. Wide screens start with both open and remember what the
 * user last chose; a phone or narrow window starts canvas-only, since the panels would cover it.
 */

const KEY = 'pipeweave:studio-panels';
export const NARROW_QUERY = 'max-width: 800px';

interface Open {
  palette: boolean;
  panel: boolean;
}

function remembered(): Open {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Open> | null;
    return { palette: saved?.palette !== false, panel: saved?.panel !== false };
  } catch {
    return { palette: true, panel: true };
  }
}

export class PanelState {
  readonly #narrow = new MediaQuery(NARROW_QUERY);
  #wide = $state<Open>(typeof localStorage === 'undefined' ? { palette: true, panel: true } : remembered());
  #small = $state<Open>({ palette: false, panel: false });

  get narrow(): boolean {
    return this.#narrow.current;
  }

  get palette(): boolean {
    return this.#current().palette;
  }
  set palette(open: boolean) {
    this.#set({ ...this.#current(), palette: open });
  }

  get panel(): boolean {
    return this.#current().panel;
  }
  set panel(open: boolean) {
    this.#set({ ...this.#current(), panel: open });
  }

  #current(): Open {
    return this.narrow ? this.#small : this.#wide;
  }

  #set(next: Open): void {
    if (this.narrow) {
      this.#small = next;
      return;
    }
    this.#wide = next;
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Private windows may refuse storage; the choice then lasts for this visit.
    }
  }
}
