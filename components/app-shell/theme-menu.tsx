'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { useEffect, useState } from 'react';
import { DropdownMenuItem, DropdownMenuLabel } from '@/components/ui/dropdown-menu';
import { THEME_STORAGE_KEY } from './theme';

type Choice = 'light' | 'dark' | 'system';

function apply(choice: Choice) {
  if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
  else localStorage.setItem(THEME_STORAGE_KEY, choice);
  const dark = choice === 'dark' || (choice === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
}

/** Light / dark / system, as items of the user menu. */
export function ThemeMenuItems() {
  const [choice, setChoice] = useState<Choice>('system');
  useEffect(() => {
    const saved = localStorage.getItem(THEME_STORAGE_KEY);
    setChoice(saved === 'light' || saved === 'dark' ? saved : 'system');
  }, []);
  const options: Array<{ value: Choice; label: string; icon: typeof Sun }> = [
    { value: 'light', label: 'Light', icon: Sun },
    { value: 'dark', label: 'Dark', icon: Moon },
    { value: 'system', label: 'System', icon: Monitor },
  ];
  return (
    <>
      <DropdownMenuLabel className="text-xs font-medium text-muted-foreground">Theme</DropdownMenuLabel>
      {options.map((o) => (
        <DropdownMenuItem
          key={o.value}
          role="menuitemradio"
          aria-checked={choice === o.value}
          onSelect={(e) => {
            e.preventDefault();
            apply(o.value);
            setChoice(o.value);
          }}
        >
          <o.icon aria-hidden />
          {o.label}
          {choice === o.value ? <span className="ml-auto text-xs text-muted-foreground">current</span> : null}
        </DropdownMenuItem>
      ))}
    </>
  );
}
