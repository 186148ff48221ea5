'use client';

import { ChevronDown } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { cn } from './cn';

export interface MultiSelectOption {
  value: string;
  label: string;
}

/**
 * A select of several values: a button that looks like a select and opens a list of checkboxes.
 * Built on <details> and real checkboxes inside the form, so it works without JavaScript (the form
 * sends `name=a&name=b`), with the keyboard (Enter/Space opens, Tab and Space pick, Escape closes)
 * and with screen readers (a group named by `label`). `onClose(changed)` runs when it closes
 * (Escape, a click elsewhere, the button again): the place to apply the choice.
 */
export function MultiSelect({
  id,
  name,
  label,
  options,
  selected,
  onClose,
  className,
}: {
  id: string;
  name: string;
  label: string;
  options: MultiSelectOption[];
  selected: string[];
  onClose?: (changed: boolean) => void;
  className?: string;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  const changed = useRef(false);
  const chosen = options.filter((o) => selected.includes(o.value));
  const summary = chosen.length === 0 ? 'Any' : chosen.length <= 2 ? chosen.map((o) => o.label).join(', ') : `${chosen.length} chosen`;

  useEffect(() => {
    const el = details.current;
    if (!el) return;
    const onToggle = () => {
      if (el.open) return;
      const was = changed.current;
      changed.current = false;
      onClose?.(was);
    };
    const onPointer = (e: PointerEvent) => {
      if (el.open && !el.contains(e.target as Node)) el.open = false;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && el.open) {
        e.preventDefault();
        el.open = false;
        el.querySelector('summary')?.focus();
      }
    };
    el.addEventListener('toggle', onToggle);
    el.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      el.removeEventListener('toggle', onToggle);
      el.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [onClose]);

  return (
    <div className={cn('grid gap-1.5', className)}>
      <span aria-hidden className="text-sm font-medium text-foreground">
        {label}
      </span>
      <details ref={details} className="group relative" data-testid={`filter-${name}`}>
        <summary
          id={id}
          className="flex h-9 w-full min-w-0 cursor-pointer list-none items-center justify-between gap-2 rounded-md border border-input bg-card px-3 text-sm text-foreground shadow-xs focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring [&::-webkit-details-marker]:hidden"
        >
          <span className="truncate">
            <span className="sr-only">{label}: </span>
            {summary}
          </span>
          <ChevronDown className="size-4 shrink-0 text-muted-foreground transition-transform group-open:rotate-180" aria-hidden />
        </summary>
        <fieldset className="absolute top-full right-0 left-0 z-20 mt-1 grid max-h-64 min-w-48 gap-0.5 overflow-y-auto rounded-md border bg-card p-1 shadow-md">
          <legend className="sr-only">{label}</legend>
          {options.length === 0 ? <p className="px-2 py-1.5 text-sm text-muted-foreground">Nothing to choose from.</p> : null}
          {options.map((o) => (
            <label key={o.value} className="flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm break-words hover:bg-accent has-focus-visible:bg-accent">
              <input
                type="checkbox"
                name={name}
                value={o.value}
                defaultChecked={selected.includes(o.value)}
                onChange={() => (changed.current = true)}
                className="size-4 shrink-0 accent-primary"
              />
              <span className="min-w-0">{o.label}</span>
            </label>
          ))}
        </fieldset>
      </details>
    </div>
  );
}
